"""Writes on the first-line record: sessions, follow-ups, amendments, counsellor changes.

Each service validates, writes in one transaction and records who changed what and when.
Rule violations raise `ValidationError` with a dict keyed by form field name (follow-up rows
as "follow_ups.<index>.<field>"), so that a view can show each message at its field.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.concurrency import check_and_bump_version
from staff.models import User
from staff.roles import Role

from . import selectors
from .models import (
    Competency,
    CounsellorAssignment,
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    Group,
    GuidanceSession,
    Pathway,
    SessionAmendment,
    SessionAttendance,
    SessionFormat,
    SessionKind,
    SessionLocation,
    SessionRevision,
    Student,
    StudentStatus,
)

MAX_DURATION_MINUTES = 8 * 60


@dataclass(frozen=True)
class FollowUpInput:
    description: str
    owner: User
    due_date: datetime.date
    student: Student | None = None  # None: the session's only student


@dataclass
class SessionContent:
    """What a counsellor writes about a session; shared by logging and editing."""

    held_at: datetime.datetime
    duration_minutes: int
    kind: str
    location: str
    competencies: Iterable[str] = ()
    summary: str = ""
    agreements: str = ""
    could_speak_freely: bool | None = None
    intake: Iterable[str] = ()  # names of ticked INTAKE_ITEMS


class _Errors(dict):
    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def _check_content(content: SessionContent, errors: _Errors, *, format: str) -> None:
    today = timezone.localdate()
    if timezone.is_naive(content.held_at):
        raise ValueError("held_at must be timezone-aware")
    if timezone.localtime(content.held_at).date() > today:
        errors.add("held_at", _("A session cannot be logged for a day after today."))
    if not 1 <= content.duration_minutes <= MAX_DURATION_MINUTES:
        errors.add("duration_minutes", _("The duration must be between 1 minute and 8 hours."))
    if content.kind not in SessionKind.values:
        errors.add("kind", _("Choose a kind of session."))
    if content.location not in SessionLocation.values:
        errors.add("location", _("Choose a location."))
    if content.kind == SessionKind.INTAKE and format != SessionFormat.INDIVIDUAL:
        errors.add("kind", _("An intake is held with one student at a time."))
    if content.kind == SessionKind.GROUP_LESSON and format != SessionFormat.GROUP:
        errors.add("kind", _("A group LOB lesson is logged as a group session."))
    unknown = set(content.competencies) - set(Competency.values)
    if unknown:
        errors.add("competencies", _("Unknown career competency."))


def _content_fields(content: SessionContent, *, format: str, pathway: str | None) -> dict:
    """The session's columns for `content`; privacy and intake answers only where they apply."""
    chosen = set(content.competencies)
    fields = {
        "held_at": content.held_at,
        "duration_minutes": content.duration_minutes,
        "kind": content.kind,
        "location": content.location,
        "summary": content.summary.strip(),
        "agreements": content.agreements.strip(),
        "could_speak_freely": content.could_speak_freely
        if format == SessionFormat.INDIVIDUAL and content.location == SessionLocation.OPEN_SPACE
        else None,
    }
    for competency in Competency:
        fields[competency.field_name] = competency.value in chosen
    ticked = set(content.intake) if content.kind == SessionKind.INTAKE else set()
    needed = {"intake_motivation", "intake_prior_education", "intake_support_needs"}
    if pathway == Pathway.BBL:
        needed.add("intake_workplace")
    for name in (
        "intake_motivation",
        "intake_prior_education",
        "intake_support_needs",
        "intake_workplace",
    ):
        fields[name] = name in ticked
    fields["intake_complete"] = content.kind == SessionKind.INTAKE and needed <= ticked
    return fields


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
                created_at=now,
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
def session_log(
    *,
    counsellor: User,
    content: SessionContent,
    student: Student | None = None,
    group: Group | None = None,
    present: Iterable[Student] = (),
    follow_ups: Sequence[FollowUpInput] = (),
) -> GuidanceSession:
    """Log an individual session (`student`) or a group session (`group` with the students who
    were `present`; the group's other active students are recorded as absent)."""
    if (student is None) == (group is None):
        raise ValueError("Give either a student or a group")
    errors = _Errors()
    format = SessionFormat.INDIVIDUAL if student is not None else SessionFormat.GROUP
    _check_content(content, errors, format=format)
    if student is not None:
        if not selectors.can_read_first_line(counsellor, student):
            errors.add("student", _("You cannot log a session for this student."))
        attendees = [(student, True)]
        team_id = student.programme.team_id
        pathway = student.programme.pathway
    else:
        if not selectors.my_groups(counsellor).filter(pk=group.pk).exists():
            errors.add("group", _("You cannot log a session for this group."))
        members = list(selectors.first_line_students(counsellor).filter(
            groups=group, status=StudentStatus.ACTIVE).order_by("pk"))
        member_ids = {s.pk for s in members}
        present_ids = {s.pk for s in present}
        if present_ids - member_ids:
            errors.add("present", _("Only students of this group can be marked present."))
        if not present_ids & member_ids:
            errors.add("present", _("Mark at least one student as present."))
        attendees = [(s, s.pk in present_ids) for s in members]
        team_id = group.team_id
        pathway = None
    present_students = [s for s, here in attendees if here]
    _check_follow_ups(
        follow_ups,
        errors,
        held_on=timezone.localtime(content.held_at).date(),
        team_id=team_id,
        students=present_students,
        default_student=student,
    )
    errors.raise_if_any()

    session = GuidanceSession.objects.create(
        counsellor=counsellor,
        team_id=team_id,
        group=group,
        format=format,
        **_content_fields(content, format=format, pathway=pathway),
    )
    SessionAttendance.objects.bulk_create(
        [
            SessionAttendance(session=session, student=s, held_at=session.held_at, present=here)
            for s, here in attendees
        ]
    )
    _create_follow_ups(session, follow_ups, by=counsellor, default_student=student)
    return session


REVISED_FIELDS = (
    "held_at",
    "duration_minutes",
    "kind",
    "location",
    "summary",
    "agreements",
    "could_speak_freely",
    *(c.field_name for c in Competency),
    "intake_motivation",
    "intake_prior_education",
    "intake_support_needs",
    "intake_workplace",
    "intake_complete",
)


@transaction.atomic
def session_update(*, session: GuidanceSession, by: User, content: SessionContent,
                   present: Iterable[Student] | None = None) -> list[str]:
    """Edit a session inside its edit window (author only); returns the changed field names.
    Every edit is kept as a revision with the old and new values. For a group session,
    `present` (when given) corrects who was there among the students it recorded."""
    locked = GuidanceSession.objects.select_for_update().get(pk=session.pk)
    if not locked.is_editable_by(by):
        raise PermissionDenied(_("This session is locked; add an amendment instead."))
    errors = _Errors()
    _check_content(content, errors, format=locked.format)
    held_on = timezone.localtime(content.held_at).date()
    if locked.follow_ups.filter(due_date__lt=held_on).exists():
        errors.add("held_at", _("A follow-up of this session is due before that date."))
    attendance = None
    if present is not None and locked.format == SessionFormat.GROUP:
        attendance = _check_attendance(locked, {s.pk for s in present}, errors)
    errors.raise_if_any()
    pathway = None
    if locked.format == SessionFormat.INDIVIDUAL:
        pathway = (
            Student.objects.filter(attendances__session=locked)
            .values_list("programme__pathway", flat=True)
            .first()
        )
    new = _content_fields(content, format=locked.format, pathway=pathway)
    changes = {}
    for name in REVISED_FIELDS:
        old_value, new_value = getattr(locked, name), new[name]
        if old_value != new_value:
            changes[name] = [_as_text(old_value), _as_text(new_value)]
            setattr(locked, name, new_value)
    if attendance is not None and attendance[0] != attendance[1]:
        # Kept as student ids, shown with the students' names: an erased student's name must
        # not stay behind in a session's history.
        changes["attendance"] = [",".join(map(str, sorted(ids))) for ids in attendance]
        locked.attendances.filter(student_id__in=attendance[1]).update(present=True)
        locked.attendances.exclude(student_id__in=attendance[1]).update(present=False)
    if not changes:
        return []
    fields = [name for name in changes if name != "attendance"]
    if fields:
        locked.save(update_fields=[*fields, "updated_at"])
    if "held_at" in changes:
        locked.attendances.update(held_at=locked.held_at)
    SessionRevision.objects.create(session=locked, changed_by=by, changes=changes)
    session.refresh_from_db()
    return list(changes)


def _check_attendance(session: GuidanceSession, present_ids: set[int],
                      errors: _Errors) -> tuple[set[int], set[int]] | None:
    """(present before, present after) among the students the group session recorded; None
    (and an error) when the new list is not acceptable."""
    recorded = dict(session.attendances.values_list("student_id", "present"))
    before = {pk for pk, here in recorded.items() if here}
    if present_ids - set(recorded):
        errors.add("present", _("Only students of this group can be marked present."))
        return None
    if not present_ids:
        errors.add("present", _("Mark at least one student as present."))
        return None
    if session.follow_ups.filter(student_id__in=before - present_ids).exists():
        errors.add("present", _("A student with a follow-up from this session cannot be marked "
                                "absent; cancel the follow-up first."))
        return None
    return before, present_ids


def _as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


@transaction.atomic
def session_amend(*, session: GuidanceSession, by: User, text: str) -> SessionAmendment:
    """Add a correction to a session; the recorded text itself is never rewritten."""
    if session.counsellor_id != by.pk and not by.is_superuser:
        raise PermissionDenied(_("Only the author can amend a session."))
    if not text.strip():
        raise ValidationError({"text": [_("Write the correction.")]})
    return SessionAmendment.objects.create(session=session, author=by, text=text.strip())


@transaction.atomic
def follow_up_add(*, session: GuidanceSession, by: User, item: FollowUpInput) -> FollowUp:
    """Add a follow-up to an existing session."""
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
    return _create_follow_ups(session, [item], by=by, default_student=default)[0]


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


# --- Counsellor continuity ---------------------------------------------------------------------


def _check_assignment(*, by: User, team_id: int, counsellor: User) -> None:
    if not by.manages_team(team_id):
        raise PermissionDenied(_("Only the team's manager assigns counsellors."))
    if not counsellor.is_active or team_id not in counsellor.team_ids(Role.COUNSELLOR):
        raise ValidationError({"counsellor": [_("Choose a counsellor of this team.")]})


def _reassign(
    students: Sequence[Student], *, by: User, counsellor: User, note: str, on: datetime.date
) -> int:
    current = {
        a.student_id: a
        for a in CounsellorAssignment.objects.select_for_update().filter(
            student__in=students, end_date__isnull=True
        )
    }
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
) -> bool:
    """Make `counsellor` the student's counsellor from `on` (today), closing the current
    assignment; a handover note is required when somebody else had the student."""
    _check_assignment(by=by, team_id=student.programme.team_id, counsellor=counsellor)
    return (
        _reassign(
            [student],
            by=by,
            counsellor=counsellor,
            note=handover_note,
            on=on or timezone.localdate(),
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
) -> int:
    """Give a whole group (its active students) a new counsellor; returns how many changed."""
    _check_assignment(by=by, team_id=group.team_id, counsellor=counsellor)
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
