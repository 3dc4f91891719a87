"""The case file: findings, instrument results, the plan's actions, notes, and interim
feedback to the first line. Only the LEC lead and the workers on the case write it."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.concurrency import check_and_bump_version
from common.dates import EARLIEST, LATEST, OUT_OF_RANGE_MESSAGE
from common.idempotency import create_once, made_with
from staff.models import User

from .. import selectors
from ..models import (
    CASE_WORK_STATUSES,
    ActionStatus,
    CaseNote,
    Domain,
    Feedback,
    FeedbackKind,
    Finding,
    InstrumentResult,
    Owner,
    Partner,
    PlanAction,
    Referral,
    Severity,
    Status,
)
from .referral import lock_referral, write_feedback


def lock_for_case_work(referral_id: int, user: User, statuses) -> Referral:
    referral = lock_referral(referral_id, user, None)
    if not selectors.may_read_case_file(user, referral):
        raise PermissionDenied
    if referral.status not in statuses:
        raise ValidationError(
            _("This case is “%(status)s” now: this cannot be added any more. Nothing was saved.")
            % {"status": referral.get_status_display()},
            code="state",
        )
    return referral


@transaction.atomic
def finding_add(*, referral_id: int, user: User, domain: str, severity: str,
                description: str, submission_token: uuid.UUID | None = None) -> Finding:
    """Diagnose: record what is going on in one life domain."""
    referral = lock_for_case_work(referral_id, user, CASE_WORK_STATUSES)
    earlier = made_with(Finding, submission_token, created_by=user)
    if (found := earlier()) is not None:
        return found
    errors = {}
    if domain not in Domain.values:
        errors["domain"] = _("Choose a life domain.")
    if severity not in Severity.values:
        errors["severity"] = _("Choose the severity.")
    if not description.strip():
        errors["description"] = _("Describe the finding.")
    if errors:
        raise ValidationError(errors)
    return create_once(earlier, lambda: Finding.objects.create(
        referral=referral, domain=domain, severity=severity, description=description.strip(),
        created_by=user, created_at=timezone.now(), submission_token=submission_token))[0]


@transaction.atomic
def instrument_add(*, referral_id: int, user: User, instrument: str,
                   administered_on: datetime.date, result: str, interpretation: str,
                   submission_token: uuid.UUID | None = None) -> InstrumentResult:
    """Diagnose: an instrument used, its result and the worker's interpretation."""
    referral = lock_for_case_work(referral_id, user, CASE_WORK_STATUSES)
    earlier = made_with(InstrumentResult, submission_token, created_by=user)
    if (found := earlier()) is not None:
        return found
    errors = {}
    if not instrument.strip():
        errors["instrument"] = _("Name the instrument.")
    if administered_on > timezone.localdate():
        errors["administered_on"] = _("The date cannot be in the future.")
    elif administered_on < EARLIEST:
        errors["administered_on"] = str(OUT_OF_RANGE_MESSAGE)
    if not result.strip():
        errors["result"] = _("Record the result.")
    if not interpretation.strip():
        errors["interpretation"] = _("Interpret the result: what does it mean for this student?")
    if errors:
        raise ValidationError(errors)
    return create_once(earlier, lambda: InstrumentResult.objects.create(
        referral=referral, instrument=instrument.strip(), administered_on=administered_on,
        result=result.strip(), interpretation=interpretation.strip(), created_by=user,
        created_at=timezone.now(), submission_token=submission_token,
    ))[0]


@transaction.atomic
def plan_action_add(*, referral_id: int, user: User, description: str, owner: str,
                    partner: str, due_date: datetime.date | None,
                    submission_token: uuid.UUID | None = None) -> PlanAction:
    """Recept: an action with its owner (the student first), partner and due date."""
    referral = lock_for_case_work(referral_id, user, (Status.PLAN, Status.IN_PROGRESS))
    earlier = made_with(PlanAction, submission_token, created_by=user)
    if (found := earlier()) is not None:
        return found
    errors = {}
    if not description.strip():
        errors["description"] = _("Describe the action.")
    if owner not in Owner.values:
        errors["owner"] = _("Every action needs an owner. Start with the student.")
    if partner and partner not in Partner.values:
        errors["partner"] = _("Choose a partner from the list.")
    elif owner == Owner.PARTNER and not partner:
        errors["partner"] = _("Name the partner who owns this action.")
    if due_date is None:
        errors["due_date"] = _("Set a due date.")
    elif due_date < timezone.localdate():
        errors["due_date"] = _("The due date cannot be in the past.")
    elif due_date > LATEST:
        errors["due_date"] = str(OUT_OF_RANGE_MESSAGE)
    if errors:
        raise ValidationError(errors)
    return create_once(earlier, lambda: PlanAction.objects.create(
        referral=referral, description=description.strip(), owner=owner, partner=partner,
        due_date=due_date, created_by=user, created_at=timezone.now(),
        submission_token=submission_token,
    ))[0]


@transaction.atomic
def plan_action_update(*, action_id: int, user: User, status: str, outcome: str,
                       expected_version: int) -> PlanAction:
    """Record how an action went. Refused when the action changed since the form was shown."""
    referral_id = PlanAction.objects.filter(pk=action_id).values_list("referral_id", flat=True)
    if not referral_id:
        raise PermissionDenied
    # The referral first, then the action: the same lock order as every other case change.
    lock_for_case_work(referral_id[0], user, (Status.PLAN, Status.IN_PROGRESS))
    action = PlanAction.objects.get(pk=action_id)
    check_and_bump_version(action, expected_version)
    errors = {}
    if status not in ActionStatus.values:
        errors["status"] = _("Choose a status.")
    if status in (ActionStatus.DONE, ActionStatus.CANCELLED) and not outcome.strip():
        errors["outcome"] = _("Record the outcome of the action.")
    if errors:
        raise ValidationError(errors)
    action.status = status
    action.outcome = outcome.strip()
    action.completed_at = timezone.now() if status != ActionStatus.OPEN else None
    action.completed_by = user if status != ActionStatus.OPEN else None
    action.save(update_fields=["status", "outcome", "completed_at", "completed_by"])
    return action


@transaction.atomic
def case_note_add(*, referral_id: int, user: User, text: str, partner: str = "",
                  submission_token: uuid.UUID | None = None) -> CaseNote:
    """A note in the case file, e.g. what the youth doctor reported."""
    referral = lock_for_case_work(referral_id, user, CASE_WORK_STATUSES)
    earlier = made_with(CaseNote, submission_token, author=user)
    if (found := earlier()) is not None:
        return found
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    if partner and partner not in Partner.values:
        raise ValidationError({"partner": _("Choose a partner from the list.")})
    return create_once(earlier, lambda: CaseNote.objects.create(
        referral=referral, partner=partner, text=text.strip(), author=user,
        created_at=timezone.now(), submission_token=submission_token))[0]


@transaction.atomic
def feedback_add(*, referral_id: int, user: User, text: str,
                 submission_token: uuid.UUID | None = None) -> Feedback:
    """Interim feedback to the first line while the case runs (no sensitive detail)."""
    referral = lock_for_case_work(referral_id, user, CASE_WORK_STATUSES)
    earlier = made_with(Feedback, submission_token, author=user)
    if (found := earlier()) is not None:
        return found
    if not text.strip():
        raise ValidationError({"text": _("Write the feedback for the first line.")})
    return create_once(earlier, lambda: write_feedback(
        referral, user, FeedbackKind.PROGRESS, text, timezone.now(),
        submission_token=submission_token))[0]


@transaction.atomic
def plan_action_first_line_done(*, action_id: int, user: User, expected_version: int,
                                note: str = "") -> PlanAction:
    """The counsellor marks an action the plan gave to the first line done (from their
    follow-ups or the student page); the LEC sees it on the case, with who and when."""
    action = selectors.first_line_action_for(user, action_id)  # 404 when not theirs to see
    # The referral first, then the action: the same lock order as every other case change.
    Referral.objects.select_for_update().filter(pk=action.referral_id).first()
    action = PlanAction.objects.select_for_update().get(pk=action_id)
    check_and_bump_version(action, expected_version,
                           where={"status": ActionStatus.OPEN, "owner": Owner.COUNSELLOR})
    now = timezone.now()
    action.status = ActionStatus.DONE
    action.completed_at = now
    action.completed_by = user
    action.outcome = note.strip() or _("Done (marked by the first line).")
    action.save(update_fields=["status", "completed_at", "completed_by", "outcome"])
    return action
