"""Follow-ups: agreed in a session, closed (done or cancelled) or handed over; every change
recorded in FollowUpChange."""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.concurrency import check_and_bump_version
from common.idempotency import create_once
from staff.models import User

from .. import selectors
from ..models import FollowUp, FollowUpChange, FollowUpStatus, GuidanceSession, Student
from .errors import _Errors


@dataclass(frozen=True)
class FollowUpInput:
    description: str
    owner: User
    due_date: datetime.date
    student: Student | None = None  # None: the session's only student
    # An actiepunt of the student (shown in their portal); `owner` keeps an eye on it.
    student_owned: bool = False


def _check_follow_ups(
    follow_ups: Sequence[FollowUpInput],
    errors: _Errors,
    *,
    held_on: datetime.date,
    team_id: int,
    students: Sequence[Student],
    default_student: Student | None,
) -> None:
    if not follow_ups:
        return
    allowed_owner_ids = set(selectors.follow_up_owners(team_id).values_list("pk", flat=True))
    student_ids = {s.pk for s in students}
    for i, item in enumerate(follow_ups):
        if not item.description.strip():
            errors.add(f"follow_ups.{i}.description", _("Say what needs doing."))
        if item.due_date < held_on:
            errors.add(f"follow_ups.{i}.due_date", _("The due date cannot be before the session."))
        if item.owner.pk not in allowed_owner_ids:
            errors.add(
                f"follow_ups.{i}.owner",
                _("The owner must be a staff member of the student's team."),
            )
        if item.student is not None and item.student.pk not in student_ids:
            errors.add(f"follow_ups.{i}.student", _("Choose a student who took part."))
        if item.student is None and default_student is None:
            errors.add(f"follow_ups.{i}.student", _("Choose the student this is for."))


def _create_follow_ups(
    session: GuidanceSession,
    follow_ups: Sequence[FollowUpInput],
    *,
    by: User,
    default_student: Student | None,
    submission_token: uuid.UUID | None = None,
) -> list[FollowUp]:
    now = timezone.now()
    rows = FollowUp.objects.bulk_create(
        [
            FollowUp(
                session=session,
                student=item.student or default_student,
                owner=item.owner,
                description=item.description.strip(),
                due_date=item.due_date,
                student_owned=item.student_owned,
                created_at=now,
                submission_token=submission_token,
            )
            for item in follow_ups
        ]
    )
    FollowUpChange.objects.bulk_create(
        [
            FollowUpChange(
                follow_up=f,
                action=FollowUpChange.Action.CREATED,
                changed_by=by,
                changed_at=now,
                to_owner=f.owner,
            )
            for f in rows
        ]
    )
    return rows


@transaction.atomic
def follow_up_add(*, session: GuidanceSession, by: User, item: FollowUpInput,
                  submission_token: uuid.UUID | None = None) -> FollowUp:
    """Add a follow-up to an existing session. A `submission_token` that `by` already used on
    this session adds nothing and returns the follow-up it added (common.idempotency)."""

    def earlier():
        return FollowUp.objects.filter(
            session=session, submission_token=submission_token,
            changes__action=FollowUpChange.Action.CREATED, changes__changed_by=by,
        ).first() if submission_token else None

    if (added := earlier()) is not None:
        return added
    if submission_token and FollowUp.objects.filter(
            session=session, submission_token=submission_token).exists():
        # Somebody else's form (a copied page): it is not this user's to repeat.
        raise ValidationError(_("This form was already sent. Reload the page."))
    present = list(Student.objects.filter(attendances__session=session, attendances__present=True))
    default = present[0] if session.is_individual and present else None
    errors = _Errors()
    _check_follow_ups(
        [item],
        errors,
        held_on=timezone.localtime(session.held_at).date(),
        team_id=session.team_id,
        students=present,
        default_student=default,
    )
    errors.raise_if_any()
    return create_once(earlier, lambda: _create_follow_ups(
        session, [item], by=by, default_student=default, submission_token=submission_token)[0])[0]


def follow_up_close(*, follow_up: FollowUp, by: User, status: str, note: str = "",
                    expected_version: int | None = None) -> FollowUp:
    """Mark an open follow-up done or cancelled, with a short note."""
    if status not in (FollowUpStatus.DONE, FollowUpStatus.CANCELLED):
        raise ValidationError({"status": [_("Choose done or cancelled.")]})
    if status == FollowUpStatus.CANCELLED and not note.strip():
        raise ValidationError({"note": [_("Say why it is cancelled.")]})
    now = timezone.now()
    with transaction.atomic():
        # Of two people closing at once, or from a page shown before a change, exactly one wins.
        check_and_bump_version(follow_up, expected_version, where={"status": FollowUpStatus.OPEN})
        FollowUp.objects.filter(pk=follow_up.pk).update(
            status=status, done_at=now, closing_note=note.strip()
        )
        FollowUpChange.objects.create(
            follow_up=follow_up, action=status, changed_by=by, changed_at=now, note=note.strip()
        )
    follow_up.refresh_from_db()
    return follow_up


def follow_up_handover(*, follow_up: FollowUp, by: User, owner: User, note: str = "",
                       expected_version: int | None = None) -> FollowUp:
    """Give an open follow-up to a colleague of the student's team."""
    if owner.pk == follow_up.owner_id:
        raise ValidationError({"owner": [_("This colleague already owns it.")]})
    if not selectors.follow_up_owners(follow_up.session.team_id).filter(pk=owner.pk).exists():
        raise ValidationError(
            {"owner": [_("The owner must be a staff member of the student's team.")]}
        )
    old_owner_id = follow_up.owner_id
    with transaction.atomic():
        check_and_bump_version(follow_up, expected_version, where={
            "status": FollowUpStatus.OPEN, "owner_id": old_owner_id})
        FollowUp.objects.filter(pk=follow_up.pk).update(owner=owner)
        FollowUpChange.objects.create(
            follow_up=follow_up,
            action=FollowUpChange.Action.HANDED_OVER,
            changed_by=by,
            from_owner_id=old_owner_id,
            to_owner=owner,
            note=note.strip(),
        )
    follow_up.refresh_from_db()
    return follow_up
