"""Guidance sessions: logged (individual or group, with their follow-ups), edited inside
their edit window as revisions, amended afterwards."""

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.concurrency import check_and_bump_version
from common.dates import OUT_OF_RANGE_MESSAGE, validate_plausible_date
from common.idempotency import create_once, made_with
from staff.models import User

from .. import selectors
from ..models import (
    AMENDMENT_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    Competency,
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
from .errors import _Errors
from .follow_ups import FollowUpInput, _check_follow_ups, _create_follow_ups

MAX_DURATION_MINUTES = 8 * 60


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
    # The part shared with the student in their portal, and whether its agreements are also
    # shown to their parents (GuidanceSession.shared_*).
    shared_summary: str = ""
    shared_agreements: str = ""
    shared_with_guardians: bool = False


def _check_content(content: SessionContent, errors: _Errors, *, format: str) -> None:
    today = timezone.localdate()
    if timezone.is_naive(content.held_at):
        raise ValueError("held_at must be timezone-aware")
    try:
        validate_plausible_date(timezone.localtime(content.held_at))
    except (ValidationError, OverflowError):
        errors.add("held_at", str(OUT_OF_RANGE_MESSAGE))
        errors.raise_if_any()  # no later check can work with such a date
    else:
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
    for name in ("summary", "agreements", "shared_summary", "shared_agreements"):
        if len(getattr(content, name).strip()) > SUMMARY_MAX_LENGTH:
            errors.add(name, _("Keep this under %(n)d characters.") % {"n": SUMMARY_MAX_LENGTH})


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
        "shared_summary": content.shared_summary.strip(),
        "shared_agreements": content.shared_agreements.strip(),
        "shared_with_guardians": bool(content.shared_with_guardians),
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


@transaction.atomic
def session_log(
    *,
    counsellor: User,
    content: SessionContent,
    student: Student | None = None,
    group: Group | None = None,
    present: Iterable[Student] = (),
    follow_ups: Sequence[FollowUpInput] = (),
    submission_token: uuid.UUID | None = None,
) -> GuidanceSession:
    """Log an individual session (`student`) or a group session (`group` with the students who
    were `present`; the group's other active students are recorded as absent).

    `submission_token` is the log form's one-time token: a second call with a token the
    counsellor already used (a double click, a resend, a second tab) logs nothing and returns
    the session the first call logged."""
    if (student is None) == (group is None):
        raise ValueError("Give either a student or a group")

    earlier = made_with(GuidanceSession, submission_token, counsellor=counsellor)
    # Before any check: the first submit's session stands, whatever changed since.
    if (logged := earlier()) is not None:
        return logged
    errors = _Errors()
    format = SessionFormat.INDIVIDUAL if student is not None else SessionFormat.GROUP
    _check_content(content, errors, format=format)
    if student is not None:
        if not selectors.can_read_first_line(counsellor, student):
            errors.add("student", _("You cannot log a session for this student."))
        attendees = [(student, True)]
        team_id, pathway = student.programme.team_id, student.programme.pathway
    else:
        attendees = _group_attendees(counsellor, group, present, errors)
        team_id, pathway = group.team_id, None
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

    # The same form submitted at the same moment: the request that loses meets the unique
    # constraint and returns the session the other one logged.
    session, created = create_once(earlier, lambda: GuidanceSession.objects.create(
        counsellor=counsellor, team_id=team_id, group=group, format=format,
        submission_token=submission_token,
        **_content_fields(content, format=format, pathway=pathway),
    ))
    if not created:
        return session
    SessionAttendance.objects.bulk_create(
        [
            SessionAttendance(session=session, student=s, held_at=session.held_at, present=here)
            for s, here in attendees
        ]
    )
    _create_follow_ups(session, follow_ups, by=counsellor, default_student=student)
    return session


def _group_attendees(counsellor: User, group: Group, present: Iterable[Student],
                     errors: _Errors) -> list[tuple[Student, bool]]:
    """(student, present) for each active student of `group` whose records `counsellor`
    reads; errors when `present` names others or nobody."""
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
    return [(s, s.pk in present_ids) for s in members]


REVISED_FIELDS = (
    "held_at",
    "duration_minutes",
    "kind",
    "location",
    "summary",
    "agreements",
    "shared_summary",
    "shared_agreements",
    "shared_with_guardians",
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
                   present: Iterable[Student] | None = None,
                   expected_version: int | None = None) -> list[str]:
    """Edit a session inside its edit window (author only); returns the changed field names.
    Every edit is kept as a revision with the old and new values. For a group session,
    `present` (when given) corrects who was there among the students it recorded. An edit
    built on an older `expected_version` is refused as stale (common.concurrency)."""
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
    if not changes:
        return []
    check_and_bump_version(locked, expected_version)
    if "attendance" in changes:
        locked.attendances.filter(student_id__in=attendance[1]).update(present=True)
        locked.attendances.exclude(student_id__in=attendance[1]).update(present=False)
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
    if len(text.strip()) > AMENDMENT_MAX_LENGTH:
        raise ValidationError({"text": [_("Keep this under %(n)d characters.")
                                        % {"n": AMENDMENT_MAX_LENGTH}]})
    return SessionAmendment.objects.create(session=session, author=by, text=text.strip())
