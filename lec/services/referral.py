"""Referring a student, and what every change of a referral shares: the lock, the version
check, the recorded transition and the feedback to the first line."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.concurrency import check_and_bump_version
from staff.models import User
from staff.roles import FIRST_LINE_ROLES, LEC_ROLES
from students.models import Student

from .. import selectors
from ..models import (
    OPEN_STATUSES,
    Domain,
    Feedback,
    FeedbackKind,
    Referral,
    Source,
    Status,
    Transition,
    Urgency,
    eligibility_on,
    transition_allowed,
)
from ..signals import Event, first_line_told


def transition_refused(referral: Referral, to_status: str) -> ValidationError:
    return ValidationError(
        _("A case that is “%(current)s” cannot go to “%(target)s”. Nothing was changed.")
        % {"current": referral.get_status_display(), "target": Status(to_status).label},
        code="transition",
    )


def may_refer(user, student: Student) -> bool:
    """First line: counsellors and care coordinators who see the student through their team or
    caseload. The LEC itself (intake referrals): its staff of the student's college."""
    if not Student.objects.visible_to(user).filter(pk=student.pk).exists():
        return False
    if selectors.is_lec_staff(user):
        return user.college_id == student.college_id
    return user.has_role(*FIRST_LINE_ROLES)


@transaction.atomic
def referral_create(
    *,
    user: User,
    student: Student,
    reason: str,
    concern_domains: list[str],
    urgency: str,
    tried: str,
    student_knows: bool,
    student_agrees: bool,
    source: str = Source.TEAM,
) -> Referral:
    """Refer a student to their college's LEC; it lands in the triage queue at once."""
    if not may_refer(user, student):
        raise PermissionDenied
    if not selectors.is_lec_staff(user):
        source = Source.TEAM  # the first line always refers as the programme team
    errors = _referral_errors(source=source, reason=reason, tried=tried,
                              concern_domains=concern_domains, urgency=urgency,
                              student_knows=student_knows, student_agrees=student_agrees)
    if errors:
        raise ValidationError(errors)
    if Referral.objects.filter(student=student, status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            _("%(name)s already has an open referral to the LEC. Ask the LEC or the care "
              "coordinator about it instead of referring again.") % {"name": student.full_name},
            code="open_referral",
        )
    now = timezone.now()
    day = timezone.localdate(now)
    try:
        with transaction.atomic():
            return Referral.objects.create(
                college_id=student.college_id,
                student=student,
                team_id=student.programme.team_id,
                source=source,
                referred_by=user,
                referred_at=now,
                reason=reason.strip(),
                concern_domains=[d for d in Domain.values if d in set(concern_domains)],
                urgency=urgency,
                tried=tried.strip(),
                student_knows=student_knows,
                student_agrees=student_agrees,
                age_at_referral=student.age_on(day),
                had_start_qualification=student.has_start_qualification,
                eligibility=eligibility_on(
                    date_of_birth=student.date_of_birth,
                    has_start_qualification=student.has_start_qualification,
                    on=day,
                ),
                status=Status.SUBMITTED,
                status_changed_at=now,
            )
    except IntegrityError:
        # Someone referred the same student a moment ago (the one-open-referral constraint).
        raise ValidationError(
            _("%(name)s already has an open referral to the LEC.") % {"name": student.full_name},
            code="open_referral",
        ) from None


def _referral_errors(*, source: str, reason: str, tried: str, concern_domains: list[str],
                     urgency: str, student_knows: bool, student_agrees: bool) -> dict[str, str]:
    errors = {}
    if source not in Source.values:
        errors["source"] = _("Choose where the referral comes from.")
    if not reason.strip():
        errors["reason"] = _("Describe why you refer the student.")
    if not tried.strip():
        errors["tried"] = _("Describe what has been tried already.")
    if not concern_domains or set(concern_domains) - set(Domain.values):
        errors["concern_domains"] = _("Choose at least one concern domain.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose the urgency.")
    if student_agrees and not student_knows:
        errors["student_agrees"] = _("A student cannot agree with a referral they do not know of.")
    return errors


def lock_referral(referral_id: int, user: User, expected_version: int | None) -> Referral:
    referral = Referral.objects.select_for_update().filter(pk=referral_id).first()
    if referral is None or not selectors.may_work_on(user, referral):
        raise PermissionDenied
    if expected_version is not None:
        check_and_bump_version(referral, expected_version)
    return referral


def move_referral(referral: Referral, user: User, to_status: str, now, **fields) -> None:
    if not transition_allowed(referral.status, to_status):
        raise transition_refused(referral, to_status)
    Transition.objects.create(
        referral=referral,
        from_status=referral.status,
        to_status=to_status,
        by=user,
        at=now,
        duration=now - referral.status_changed_at,
    )
    referral.status = to_status
    referral.status_changed_at = now
    for name, value in fields.items():
        setattr(referral, name, value)
    referral.save(update_fields=["status", "status_changed_at", *fields])


def write_feedback(referral: Referral, user: User, kind: str, text: str, now,
                   submission_token: uuid.UUID | None = None) -> Feedback:
    feedback = Feedback.objects.create(
        referral=referral, kind=kind, text=text.strip(), author=user, created_at=now,
        submission_token=submission_token,
    )
    Referral.objects.filter(pk=referral.pk).update(last_feedback_at=now)
    referral.last_feedback_at = now
    tell_first_line(
        Event.REFERRAL_RETURNED if kind == FeedbackKind.RETURNED else Event.LEC_FEEDBACK,
        object_id=feedback.pk, student=referral.student,
        recipient_ids=selectors.feedback_recipients(referral) - {user.pk},
    )
    return feedback


def tell_first_line(event: Event, *, object_id: int, student: Student,
                    recipient_ids: set[int], target_id: int | None = None) -> None:
    """Announce `event` to `recipient_ids` (lec.signals): an in-app notification each, mailed
    in their digest. The subject is the student's name (what the link's page shows anyway)."""
    if not recipient_ids:
        return
    first_line_told.send(
        sender=Referral, event=event, object_id=object_id,
        target_id=student.pk if target_id is None else target_id,
        subject=student.full_name, recipient_ids=sorted(recipient_ids),
    )


def check_lec_worker(worker: User, referral: Referral) -> None:
    if not (
        worker.is_active
        and worker.college_id == referral.college_id
        and worker.has_role(*LEC_ROLES)
    ):
        raise ValidationError({"worker": _("Choose an LEC worker of this college.")})
