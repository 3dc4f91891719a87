"""Counsellor continuity: a student or a whole group gets a new counsellor, with a handover
note for the new one."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.concurrency import stale_error
from staff.models import User
from staff.roles import Role

from ..models import CounsellorAssignment, Group, Student, StudentStatus


def _check_assignment(*, by: User, team_id: int, counsellor: User) -> None:
    if not by.manages_team(team_id):
        raise PermissionDenied(_("Only the team's manager assigns counsellors."))
    if not counsellor.is_active or team_id not in counsellor.team_ids(Role.COUNSELLOR):
        raise ValidationError({"counsellor": [_("Choose a counsellor of this team.")]})


# `expected_counsellor` when the caller has no form (the demo, a command): no comparison.
UNCHECKED = object()


def _reassign(
    students: Sequence[Student], *, by: User, counsellor: User, note: str, on: datetime.date,
    expected=UNCHECKED,
) -> int:
    current = {
        a.student_id: a
        for a in CounsellorAssignment.objects.select_for_update().filter(
            student__in=students, end_date__isnull=True
        )
    }
    if expected is not UNCHECKED and len(students) == 1:
        # The page showed another counsellor than there is now: someone changed it meanwhile.
        if getattr(current.get(students[0].pk), "counsellor_id", None) != expected:
            raise stale_error()
    changing = [
        s for s in students if getattr(current.get(s.pk), "counsellor_id", None) != counsellor.pk
    ]
    if any(s.pk in current for s in changing) and not note.strip():
        raise ValidationError(
            {"handover_note": [_("Write a handover note for the new counsellor.")]}
        )
    closing = [current[s.pk] for s in changing if s.pk in current]
    for assignment in closing:
        # A same-day correction closes the old assignment on the day it started.
        assignment.end_date = max(assignment.start_date, on - datetime.timedelta(days=1))
    CounsellorAssignment.objects.bulk_update(closing, ["end_date"])
    CounsellorAssignment.objects.bulk_create(
        [
            CounsellorAssignment(
                student=s,
                counsellor=counsellor,
                start_date=on,
                handover_note=note.strip() if s.pk in current else "",
                created_by=by,
            )
            for s in changing
        ]
    )
    return len(changing)


@transaction.atomic
def counsellor_assign(
    *,
    by: User,
    student: Student,
    counsellor: User,
    handover_note: str = "",
    on: datetime.date | None = None,
    expected_counsellor=UNCHECKED,
) -> bool:
    """Make `counsellor` the student's counsellor from `on` (today), closing the current
    assignment; a handover note is required when somebody else had the student.
    `expected_counsellor` is the current counsellor's id (None: nobody) the manager's page
    showed; when it changed meanwhile the change is refused as stale (common.concurrency)."""
    _check_assignment(by=by, team_id=student.programme.team_id, counsellor=counsellor)
    return (
        _reassign(
            [student],
            by=by,
            counsellor=counsellor,
            note=handover_note,
            on=on or timezone.localdate(),
            expected=expected_counsellor,
        )
        == 1
    )


@transaction.atomic
def group_counsellor_assign(
    *,
    by: User,
    group: Group,
    counsellor: User,
    handover_note: str = "",
    on: datetime.date | None = None,
    expected_counsellor=UNCHECKED,
) -> int:
    """Give a whole group (its active students) a new counsellor; returns how many changed.
    `expected_counsellor` as for `counsellor_assign`, compared with the group's counsellor."""
    _check_assignment(by=by, team_id=group.team_id, counsellor=counsellor)
    if expected_counsellor is not UNCHECKED:
        # One conditional lock: the group's counsellor is still the one the page showed.
        locked = Group.objects.select_for_update().filter(pk=group.pk).values_list(
            "counsellor_id", flat=True).first()
        if locked != expected_counsellor:
            raise stale_error()
    students = list(group.students.filter(status=StudentStatus.ACTIVE))
    changed = _reassign(
        students,
        by=by,
        counsellor=counsellor,
        note=handover_note,
        on=on or timezone.localdate(),
    )
    if group.counsellor_id != counsellor.pk:
        group.counsellor = counsellor
        group.save(update_fields=["counsellor"])
    return changed
