"""The alumni pool: a former student joins by a one-time link (their consent, recorded),
withdraws at any moment by the link in their confirmation (their data is deleted at once), and
leaves the pool when the term ends. Counsellors search the pool of their college and invite an
alumnus to one of their group sessions."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from students.models import SessionFormat, StudentStatus
from students.selectors import can_read_first_line

from .models import (
    Alumnus,
    AlumnusConsentEvent,
    AlumnusInvitation,
    AlumnusInviteLink,
)
from .tokens import hash_token

INVITE_LINK_DAYS = 30


def _mail(template: str, context: dict, to: str) -> None:
    send_mail(render_to_string(f"community/email/{template}_subject.txt", context).strip(),
              render_to_string(f"community/email/{template}.txt", context), None, [to])


@transaction.atomic
def invite_link_send(*, student, by, base_url: str) -> AlumnusInviteLink:
    """Ask a former student to join the pool: a one-time link to their e-mail address. When
    the mail cannot be sent nothing is kept."""
    if not can_read_first_line(by, student):
        raise PermissionDenied
    if student.status == StudentStatus.ACTIVE:
        raise ValidationError(_("Only a former student can join the alumni pool."))
    if not student.email:
        raise ValidationError(_("There is no e-mail address for this student."))
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = AlumnusInviteLink.objects.create(
        student=student, email=student.email, token_hash=hash_token(token), created_by=by,
        created_at=now, expires_at=now + datetime.timedelta(days=INVITE_LINK_DAYS))
    _mail("alumni_invite", {
        "first_name": student.first_name, "college": student.college.name,
        "link": base_url.rstrip("/") + reverse("alumni_join", args=[token]),
        "expires_at": link.expires_at}, student.email)
    return link


def invite_link_for(token: str) -> AlumnusInviteLink | None:
    link = (AlumnusInviteLink.objects.select_related("student__college", "student__programme")
            .filter(token_hash=hash_token(token)).first())
    if link is None or link.used_at or link.expires_at <= timezone.now():
        return None
    return link


@transaction.atomic
def join(*, link: AlumnusInviteLink, current_work: str, sector: str, offers, frequency: str,
         base_url: str) -> Alumnus | None:
    """Join the pool (consent recorded); None when the link was used meanwhile."""
    locked = AlumnusInviteLink.objects.select_for_update().get(pk=link.pk)
    now = timezone.now()
    if locked.used_at or locked.expires_at <= now:
        return None
    token = secrets.token_urlsafe(32)
    offers = set(offers)
    alumnus, _created = Alumnus.objects.update_or_create(student=locked.student, defaults={
        "email": locked.email, "current_work": current_work, "sector": sector,
        "offers_talk": "talk" in offers, "offers_visit": "visit" in offers,
        "offers_meet": "meet" in offers, "frequency": frequency, "consent_at": now,
        "expires_at": now + datetime.timedelta(days=365 * settings.LOB_ALUMNI_TERM_YEARS),
        "withdraw_token_hash": hash_token(token)})
    locked.used_at = now
    locked.save(update_fields=["used_at"])
    AlumnusConsentEvent.objects.create(student=locked.student, kind="given", at=now)
    _mail("alumni_joined", {
        "first_name": locked.student.first_name, "until": alumnus.expires_at,
        "link": base_url.rstrip("/") + reverse("alumni_withdraw", args=[token])}, locked.email)
    return alumnus


def alumnus_for_withdraw_token(token: str) -> Alumnus | None:
    return Alumnus.objects.select_related("student").filter(
        withdraw_token_hash=hash_token(token)).first()


@transaction.atomic
def withdraw(*, alumnus: Alumnus) -> None:
    """Consent withdrawn: the profile (and the invitations made with it) is deleted at once."""
    AlumnusConsentEvent.objects.create(student_id=alumnus.student_id, kind="withdrawn")
    alumnus.delete()


@transaction.atomic
def purge_expired(now: datetime.datetime | None = None) -> int:
    """Remove the alumni whose term has ended (the nightly task)."""
    now = now or timezone.now()
    expired = list(Alumnus.objects.filter(expires_at__lte=now).values_list("pk", "student_id"))
    AlumnusConsentEvent.objects.bulk_create([
        AlumnusConsentEvent(student_id=student_id, kind="expired", at=now)
        for _pk, student_id in expired])
    Alumnus.objects.filter(pk__in=[pk for pk, _s in expired]).delete()
    return len(expired)


def pool(user, *, programme_id=None, sector="", offer="") -> QuerySet[Alumnus]:
    """The alumni of the user's college still in the pool."""
    if not user.is_authenticated or user.college_id is None:
        return Alumnus.objects.none()
    qs = Alumnus.objects.filter(student__college_id=user.college_id,
                                expires_at__gt=timezone.now())
    if programme_id:
        qs = qs.filter(student__programme_id=programme_id)
    if sector:
        qs = qs.filter(Q(sector__icontains=sector) | Q(current_work__icontains=sector))
    if offer in ("talk", "visit", "meet"):
        qs = qs.filter(**{f"offers_{offer}": True})
    return qs.select_related("student__programme").order_by("student__last_name", "pk")


def alumnus_for_user(user, pk: int) -> Alumnus:
    alumnus = pool(user).filter(pk=pk).first()
    if alumnus is None:
        raise Http404
    return alumnus


@transaction.atomic
def invite(*, alumnus: Alumnus, session, by, message: str) -> AlumnusInvitation:
    """Invite the alumnus to one of `by`'s own group sessions: an e-mail, and the session
    keeps the invitation."""
    if session.counsellor_id != by.pk or session.format != SessionFormat.GROUP:
        raise ValidationError({"session": _("Choose one of your own group sessions.")})
    try:
        with transaction.atomic():
            invitation = AlumnusInvitation.objects.create(
                alumnus=alumnus, session=session, invited_by=by, message=message)
    except IntegrityError:
        raise ValidationError({"session": _("This alumnus is already invited to that session.")}
                              ) from None
    _mail("alumni_invitation", {
        "first_name": alumnus.student.first_name, "counsellor": by.get_full_name(),
        "counsellor_email": by.email, "message": message,
        "when": timezone.localtime(session.held_at),
        "group": session.group.name if session.group else ""}, alumnus.email)
    return invitation
