"""Writes of the learning community: materials (with their file checked), ratings and uses,
meetings and their record (attendance counted on the development plans)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.concurrency import check_and_bump_version
from common.schoolyear import school_year_of
from staff.models import ReviewCycle, Training, TrainingArea, TrainingStatus, User
from staff.roles import FIRST_LINE_RECORD_ROLES

from . import selectors
from .models import (
    COMPETENCY_FIELDS,
    Material,
    MaterialRating,
    MaterialUse,
    Meeting,
    MeetingAttendance,
    MeetingCase,
)
from .uploads import validate_upload


def _require_first_line(user) -> None:
    if not (user.is_active and user.college_id and user.has_role(*FIRST_LINE_RECORD_ROLES)):
        raise PermissionDenied


@transaction.atomic
def material_create(*, author: User, title: str, description: str, team=None,
                    competencies=(), study_year_from: int = 1, study_year_to: int = 4,
                    upload=None, link: str = "") -> Material:
    _require_first_line(author)
    errors = {}
    if team is not None and team.pk not in author.team_ids():
        errors["team"] = _("Share it with one of your own teams, or with the whole college.")
    if upload is None and not link:
        errors["file"] = _("Add a file or a link.")
    if upload is not None and link:
        errors["link"] = _("Give a file or a link, not both.")
    if study_year_from > study_year_to:
        errors["study_year_to"] = _("The last study year cannot be before the first.")
    if upload is not None:
        try:
            validate_upload(upload)
        except ValidationError as exc:
            errors["file"] = exc.messages
    if errors:
        raise ValidationError(errors)
    material = Material(
        college_id=author.college_id, team=team, title=title, description=description,
        study_year_from=study_year_from, study_year_to=study_year_to, link=link,
        author=author,
        **{name: c.value in set(competencies) for c, name in COMPETENCY_FIELDS},
    )
    if upload is not None:
        material.file.save(upload.name, upload, save=False)
    try:
        material.save()
    except Exception:
        # Nothing half-saved: a stored file whose row did not make it is removed.
        if material.file:
            material.file.delete(save=False)
        raise
    return material


@transaction.atomic
def material_rate(*, material: Material, user: User, stars: int) -> MaterialRating:
    _require_first_line(user)
    if not 1 <= stars <= 5:
        raise ValidationError({"stars": _("Give one to five stars.")})
    rating, _created = MaterialRating.objects.update_or_create(
        material=material, user=user, defaults={"stars": stars, "rated_at": timezone.now()})
    return rating


@transaction.atomic
def material_use(*, material: Material, user: User, session=None) -> MaterialUse:
    """"Used in my group": with a group session of the user's own, linked to it (once)."""
    _require_first_line(user)
    if session is not None and session.counsellor_id != user.pk:
        raise ValidationError({"session": _("Choose one of your own group sessions.")})
    team_id = session.team_id if session is not None else next(iter(sorted(user.team_ids())),
                                                               None)
    if team_id is None:
        raise ValidationError(_("You are not a member of a team."))
    try:
        with transaction.atomic():
            return MaterialUse.objects.create(material=material, user=user, session=session,
                                              team_id=team_id)
    except IntegrityError:
        raise ValidationError({"session": _("This material is already linked to that session.")}
                              ) from None


@transaction.atomic
def meeting_plan(*, organiser: User, kind: str, title: str, starts_at: datetime.datetime,
                 duration_minutes: int, location: str, team=None, invitees=(),
                 plan_action=None) -> Meeting:
    _require_first_line(organiser)
    errors = {}
    if team is not None and team.pk not in organiser.team_ids():
        errors["team"] = _("Plan it for one of your own teams, or across teams.")
    invitees = list(invitees)
    if any(u.college_id != organiser.college_id for u in invitees):
        errors["invitees"] = _("Invite colleagues of your own college only.")
    if plan_action is not None and (team is None or plan_action.plan.team_id != team.pk):
        errors["plan_action"] = _("Choose an action of this team's plan.")
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        college_id=organiser.college_id, team=team, kind=kind, title=title, starts_at=starts_at,
        duration_minutes=duration_minutes, location=location, organiser=organiser,
        plan_action=plan_action)
    people = {u.pk: u for u in [organiser, *invitees]}
    MeetingAttendance.objects.bulk_create(
        [MeetingAttendance(meeting=meeting, user=u) for u in people.values()])
    return meeting


@transaction.atomic
def meeting_record(*, meeting: Meeting, by: User, version: int | None, present_ids: set[int],
                   agreements: str, materials=(), cases=()) -> Meeting:
    """After the meeting: who came, the agreements, the materials shown and the cases
    discussed (anonymised unless the meeting is within the student's team). Each present
    attendee's hours go on their development plan of that school year (a completed training of
    the kind "intervisie"); recording again moves them with the attendance."""
    if meeting.organiser_id != by.pk:
        raise PermissionDenied
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("A meeting can be recorded once it has started."))
    errors = {}
    invited = {a.user_id: a for a in meeting.attendances.select_related("user")}
    if present_ids - set(invited):
        errors["present"] = _("Only invited colleagues can be marked present.")
    allowed_students = set(selectors.case_students(meeting, by).values_list("pk", flat=True))
    for index, (_description, student) in enumerate(cases):
        if student is not None and student.pk not in allowed_students:
            errors[f"cases.{index}.student"] = _(
                "A student can be named only in a meeting of the student's own team.")
    if any(m.college_id != meeting.college_id for m in materials):
        errors["materials"] = _("Choose materials of your own college.")
    if errors:
        raise ValidationError(errors)
    check_and_bump_version(meeting, version)
    meeting.agreements = agreements
    meeting.recorded_at = timezone.now()
    meeting.save(update_fields=["agreements", "recorded_at"])
    meeting.materials.set(materials)
    meeting.cases.all().delete()
    MeetingCase.objects.bulk_create([
        MeetingCase(meeting=meeting, description=description, student=student)
        for description, student in cases])
    for user_id, attendance in invited.items():
        attendance.present = user_id in present_ids
        _sync_training(meeting, attendance)
        attendance.save(update_fields=["present", "training"])
    return meeting


def _sync_training(meeting: Meeting, attendance: MeetingAttendance) -> None:
    """A present attendee with a review cycle in the meeting's school year has the meeting on
    their development plan; an absent one not (any earlier entry is removed)."""
    if not attendance.present:
        if attendance.training_id:
            Training.objects.filter(pk=attendance.training_id).delete()
            attendance.training = None
        return
    day = timezone.localtime(meeting.starts_at).date()
    hours = (Decimal(meeting.duration_minutes) / 60).quantize(Decimal("0.1"))
    if attendance.training_id:
        Training.objects.filter(pk=attendance.training_id).update(
            title=meeting.title[:200], hours=hours, completed_on=day)
        return
    cycle = (ReviewCycle.objects.filter(employee_id=attendance.user_id,
                                        school_year=school_year_of(day))
             .order_by("-pk").first())
    if cycle is None:
        return
    attendance.training = Training.objects.create(
        cycle=cycle, area=TrainingArea.INTERVISION, title=meeting.title[:200], hours=hours,
        status=TrainingStatus.COMPLETED, completed_on=day, created_by=meeting.organiser)
