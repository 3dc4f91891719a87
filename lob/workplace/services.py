"""Writes of the workplace: visits (logged as sessions), requests to the praktijkopleider by a
one-time link, and the praktijkopleider's answer."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from students.models import GuidanceSession, SessionKind, SessionLocation
from students.selectors import can_read_first_line
from students.services.sessions import SessionContent, session_log

from .models import (
    Placement,
    PlacementReport,
    PlacementVisit,
    TrainerLinkEvent,
    TrainerRequest,
    hash_token,
)


@transaction.atomic
def visit_log(*, placement: Placement, counsellor, held_at: datetime.datetime,
              duration_minutes: int, summary: str, agreements: str = "",
              competencies=(), submission_token=None) -> GuidanceSession:
    """A visit to the placement: a guidance session of kind "placement visit", held at the
    placement, linked to it. The session service checks access and content."""
    session = session_log(
        counsellor=counsellor,
        student=placement.student,
        content=SessionContent(
            held_at=held_at, duration_minutes=duration_minutes,
            kind=SessionKind.PLACEMENT_VISIT, location=SessionLocation.PLACEMENT,
            competencies=competencies, summary=summary, agreements=agreements,
        ),
        submission_token=submission_token,
    )
    PlacementVisit.objects.get_or_create(
        session=session, defaults={"placement": placement, "held_at": session.held_at})
    return session



@transaction.atomic
def trainer_request_send(*, placement: Placement, by, base_url: str) -> TrainerRequest:
    """Ask the praktijkopleider how the student is doing: a one-time link by e-mail, valid for
    LOB_TRAINER_LINK_DAYS. One open request per placement at a time. When the e-mail cannot be
    sent nothing is saved (the caller says so)."""
    if not can_read_first_line(by, placement.student):
        raise PermissionDenied
    if not placement.trainer_email:
        raise ValidationError(_("This placement has no e-mail address for the praktijkopleider."))
    if not placement.is_current():
        raise ValidationError(_("This placement has ended."))
    locked = Placement.objects.select_for_update().get(pk=placement.pk)
    if TrainerRequest.objects.open().filter(placement=locked).exists():
        raise ValidationError(_("The praktijkopleider has an open request for this placement: "
                                "revoke it first or wait for the answer."))
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    request = TrainerRequest.objects.create(
        placement=locked, requested_by=by, sent_to=placement.trainer_email,
        token_hash=hash_token(token), created_at=now,
        expires_at=now + datetime.timedelta(days=settings.LOB_TRAINER_LINK_DAYS),
    )
    context = {
        "student_first_name": placement.student.first_name,
        "company": placement.company.name,
        "counsellor": by.get_full_name(),
        "link": base_url.rstrip("/") + reverse("trainer_form", args=[token]),
        "expires_at": request.expires_at,
    }
    # Inside the transaction: when the mail server refuses, the request is not kept.
    send_mail(
        render_to_string("workplace/email/trainer_request_subject.txt", context).strip(),
        render_to_string("workplace/email/trainer_request.txt", context),
        None, [placement.trainer_email],
    )
    return request


@transaction.atomic
def trainer_request_revoke(*, request: TrainerRequest, by) -> None:
    if not can_read_first_line(by, request.placement.student):
        raise PermissionDenied
    locked = TrainerRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state() != "open":
        raise ValidationError(_("This request is no longer open."))
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])


def trainer_request_for_token(token: str) -> TrainerRequest | None:
    return (TrainerRequest.objects.select_related("placement__student", "placement__company")
            .filter(token_hash=hash_token(token)).first())


def log_use(request: TrainerRequest, outcome: str) -> None:
    TrainerLinkEvent.objects.create(request=request, outcome=outcome)


@transaction.atomic
def trainer_report_submit(*, request: TrainerRequest, attendance: int, attitude: int,
                          progress: int, remarks: str) -> PlacementReport | None:
    """The praktijkopleider's answer; None when the link is no longer open (answered in the
    meantime, expired, revoked): a link works once."""
    locked = TrainerRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state() != "open":
        return None
    now = timezone.now()
    report = PlacementReport.objects.create(
        request=locked, placement=locked.placement, student_id=locked.placement.student_id,
        submitted_at=now, attendance=attendance, attitude=attitude, progress=progress,
        remarks=remarks,
    )
    locked.answered_at = now
    locked.save(update_fields=["answered_at"])
    TrainerLinkEvent.objects.create(request=locked, outcome=TrainerLinkEvent.Outcome.ANSWERED)
    return report
