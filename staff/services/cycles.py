"""Writes on review cycles: opening, meetings in order, assessments, development plan."""

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.concurrency import check_and_bump_version
from common.idempotency import create_once, made_with

from ..models import (
    MEETING_ORDER,
    AppraisalRating,
    CycleMeeting,
    DevelopmentGoal,
    GoalStatus,
    ManagerAssessment,
    ReviewCycle,
    RoleProfile,
    SelfAssessment,
    Stage,
    Team,
    TeamMembership,
    Training,
    TrainingArea,
    TrainingStatus,
    User,
    next_stage,
    school_year_of,
)
from ..models.frameworks import SCORE_MAX, SCORE_MIN
from ..roles import Role
from ..selectors import cycle_competencies
from .common import clean_text
from .frameworks import framework_current


def _closed_error() -> ValidationError:
    return ValidationError(
        _("This review cycle is closed and can no longer be changed."), code="closed"
    )


def _lock(cycle: ReviewCycle) -> ReviewCycle:
    """The cycle row, locked for this transaction; refused when closed."""
    locked = ReviewCycle.objects.select_for_update().select_related("employee", "manager").get(
        pk=cycle.pk
    )
    if locked.is_closed:
        raise _closed_error()
    return locked


def _require(actor: User, *allowed: User) -> None:
    if actor.pk not in {u.pk for u in allowed}:
        raise PermissionDenied


def _today() -> datetime.date:
    return timezone.localdate()


@transaction.atomic
def cycle_open(
    *, manager: User, employee: User, school_year: int, role_profile: str = "",
    today: datetime.date | None = None,
) -> ReviewCycle:
    """Open the review cycle of a member of one of `manager`'s teams for a school year."""
    today = today or _today()
    if employee.pk == manager.pk:
        raise ValidationError({"employee": _("You cannot lead your own review cycle.")})
    if not employee.is_active or employee.college_id != manager.college_id:
        raise ValidationError({"employee": _("Choose a member of a team you manage.")})
    managed = set(
        TeamMembership.objects.in_own_college().filter(user=manager, role=Role.MANAGER)
        .values_list("team_id", flat=True)
    )
    shared = (
        TeamMembership.objects.in_own_college().filter(user=employee, team_id__in=managed)
        .order_by("team__name")
        .values_list("team_id", flat=True)
    )
    team_id = next(iter(shared), None)
    if team_id is None:
        raise ValidationError({"employee": _("Choose a member of a team you manage.")})
    current = school_year_of(today)
    if school_year not in (current - 1, current, current + 1):
        raise ValidationError(
            {"school_year": _("Choose the current, previous or next school year.")}
        )
    if role_profile and role_profile not in RoleProfile.values:
        raise ValidationError({"role_profile": _("Choose a role profile from the list.")})
    framework = framework_current(college_id=manager.college_id)
    if framework is None:
        raise ValidationError(_("HR has not set up a competency framework yet."))
    duplicate = ValidationError(
        {"employee": _("%(name)s already has a review cycle for %(year)s.")
         % {"name": employee, "year": f"{school_year}-{school_year + 1}"}}
    )
    if ReviewCycle.objects.filter(employee=employee, school_year=school_year).exists():
        raise duplicate
    try:
        with transaction.atomic():
            cycle = ReviewCycle.objects.create(
                employee=employee,
                manager=manager,
                team=Team.objects.get(pk=team_id),
                school_year=school_year,
                framework=framework,
                role_profile=role_profile,
                created_by=manager,
            )
    except IntegrityError:
        raise duplicate from None
    CycleMeeting.objects.bulk_create(CycleMeeting(cycle=cycle, kind=k) for k in MEETING_ORDER)
    return cycle


def _clean_scores(
    cycle: ReviewCycle, scores: dict[int, tuple[int | None, str]], *, allow_empty: bool = False
) -> dict[int, tuple[int | None, str]]:
    """Every competency of the cycle scored on the scale, nothing else."""
    wanted = {c.pk for c in cycle_competencies(cycle)}
    unknown = set(scores) - wanted
    if unknown:
        raise ValidationError(_("The form does not match this cycle's competencies. Reload the page."))
    errors = {}
    cleaned = {}
    for competency_id in wanted:
        score, text = scores.get(competency_id, (None, ""))
        if score is None:
            if not allow_empty:
                errors[f"score_{competency_id}"] = _("Give a score.")
        elif not isinstance(score, int) or not SCORE_MIN <= score <= SCORE_MAX:
            errors[f"score_{competency_id}"] = _(
                "Give a score from %(min)d to %(max)d."
            ) % {"min": SCORE_MIN, "max": SCORE_MAX}
        cleaned[competency_id] = (score, clean_text(text))
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def self_assessment_save(
    *, cycle: ReviewCycle, actor: User, scores: dict[int, tuple[int | None, str]],
    expected_version: int | None = None,
) -> ReviewCycle:
    """The employee's score and evidence per competency (replaces an earlier version)."""
    cycle = _lock(cycle)
    _require(actor, cycle.employee)
    check_and_bump_version(cycle, expected_version)
    cleaned = _clean_scores(cycle, scores)
    SelfAssessment.objects.filter(cycle=cycle).delete()
    SelfAssessment.objects.bulk_create(
        SelfAssessment(cycle=cycle, competency_id=cid, score=score, evidence=text)
        for cid, (score, text) in cleaned.items()
    )
    cycle.self_assessed_at = timezone.now()
    cycle.save(update_fields=["self_assessed_at", "updated_at"])
    return cycle


@transaction.atomic
def manager_assessment_save(
    *, cycle: ReviewCycle, actor: User, scores: dict[int, tuple[int | None, str]],
    expected_version: int | None = None,
) -> ReviewCycle:
    """The manager's score and comment per competency; the employee sees it from now on."""
    cycle = _lock(cycle)
    _require(actor, cycle.manager)
    check_and_bump_version(cycle, expected_version)
    cleaned = _clean_scores(cycle, scores)
    ManagerAssessment.objects.filter(cycle=cycle).delete()
    ManagerAssessment.objects.bulk_create(
        ManagerAssessment(cycle=cycle, competency_id=cid, score=score, comment=text)
        for cid, (score, text) in cleaned.items()
    )
    cycle.manager_assessed_at = timezone.now()
    cycle.save(update_fields=["manager_assessed_at", "updated_at"])
    return cycle


@transaction.atomic
def employee_response_save(
    *, cycle: ReviewCycle, actor: User, text: str, expected_version: int | None = None
) -> ReviewCycle:
    """The employee's response to the manager's assessment, before the appraisal."""
    cycle = _lock(cycle)
    _require(actor, cycle.employee)
    check_and_bump_version(cycle, expected_version)
    if cycle.manager_assessed_at is None:
        raise ValidationError(
            _("You can respond once your manager has shared their assessment.")
        )
    text = clean_text(text)
    if not text:
        raise ValidationError({"text": _("Write your response.")})
    cycle.employee_response = text
    cycle.employee_responded_at = timezone.now()
    cycle.save(update_fields=["employee_response", "employee_responded_at", "updated_at"])
    return cycle


def _meeting_label(kind: str) -> str:
    return str(Stage(kind).label)


@transaction.atomic
def meeting_plan(
    *, cycle: ReviewCycle, actor: User, kind: str, planned_on: datetime.date,
    today: datetime.date | None = None,
) -> CycleMeeting:
    """Plan the date of a meeting that has not been held yet."""
    today = today or _today()
    cycle = _lock(cycle)
    _require(actor, cycle.manager)
    if kind not in MEETING_ORDER:
        raise ValidationError(_("Unknown meeting."))
    if planned_on < today:
        raise ValidationError({"planned_on": _("A meeting cannot be planned in the past.")})
    meeting = CycleMeeting.objects.select_for_update().get(cycle=cycle, kind=kind)
    if meeting.held_on:
        raise ValidationError(_("This meeting has already been held."))
    meeting.planned_on = planned_on
    meeting.save(update_fields=["planned_on"])
    return meeting


@transaction.atomic
def meeting_record(
    *, cycle: ReviewCycle, actor: User, kind: str, held_on: datetime.date, report: str,
    rating: str = "", today: datetime.date | None = None,
) -> ReviewCycle:
    """Record a held meeting. Meetings go in order: POP, performance, appraisal; the appraisal
    closes the cycle."""
    today = today or _today()
    cycle = _lock(cycle)
    _require(actor, cycle.manager)
    if kind not in MEETING_ORDER:
        raise ValidationError(_("Unknown meeting."))
    position, expected_position = MEETING_ORDER.index(kind), MEETING_ORDER.index(cycle.stage)
    if position > expected_position:
        raise ValidationError(
            _("Stages cannot be skipped: record the %(stage)s first.")
            % {"stage": _meeting_label(cycle.stage)}
        )
    if position < expected_position:
        raise ValidationError(_("This meeting has already been recorded."))
    errors = {}
    report = clean_text(report)
    if not report:
        errors["report"] = _("Write a short report of the meeting.")
    if held_on > today:
        errors["held_on"] = _("A meeting cannot be recorded before it has taken place.")
    if position > 0:
        previous = CycleMeeting.objects.get(cycle=cycle, kind=MEETING_ORDER[position - 1])
        if previous.held_on and held_on < previous.held_on:
            errors["held_on"] = _("This meeting cannot be earlier than the previous one (%(date)s).") % {
                "date": date_format(previous.held_on)
            }
    if kind == Stage.APPRAISAL:
        if rating not in AppraisalRating.values:
            errors["rating"] = _("Choose the appraisal.")
        if cycle.manager_assessed_at is None:
            raise ValidationError(
                _("Share your assessment with the employee before the appraisal meeting.")
            )
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    new_stage = next_stage(kind)
    changes = {"stage": new_stage, "updated_at": now}
    if new_stage == Stage.CLOSED:
        changes.update(closed_at=now, appraisal_rating=rating)
    # Conditional on the stage we checked: a concurrent recording cannot move it twice.
    if not ReviewCycle.objects.filter(pk=cycle.pk, stage=kind).update(**changes):
        raise ValidationError(_("This meeting has already been recorded."))
    CycleMeeting.objects.filter(cycle=cycle, kind=kind).update(
        held_on=held_on, report=report, recorded_by=actor, recorded_at=now
    )
    cycle.refresh_from_db()
    return cycle


@transaction.atomic
def goal_add(
    *, cycle: ReviewCycle, actor: User, goal: str, actions: str, competency_id: int | None,
    submission_token: uuid.UUID | None = None,
) -> DevelopmentGoal:
    """Add a goal to the development plan, tied to one of the cycle's competencies; the same
    form sent twice adds it once (common.idempotency)."""
    cycle = _lock(cycle)
    _require(actor, cycle.employee, cycle.manager)
    earlier = made_with(DevelopmentGoal, submission_token, created_by=actor)
    if (found := earlier()) is not None:
        return found
    goal = clean_text(goal)
    errors = {}
    if not goal:
        errors["goal"] = _("Describe the goal.")
    elif len(goal) > 300:
        errors["goal"] = _("Keep the goal under 300 characters.")
    if competency_id is not None and competency_id not in {c.pk for c in cycle_competencies(cycle)}:
        errors["competency"] = _("Choose one of this cycle's competencies.")
    if errors:
        raise ValidationError(errors)
    return create_once(earlier, lambda: DevelopmentGoal.objects.create(
        cycle=cycle, goal=goal, actions=clean_text(actions), competency_id=competency_id,
        created_by=actor, submission_token=submission_token,
    ))[0]


@transaction.atomic
def goal_status_set(*, goal: DevelopmentGoal, actor: User, status: str) -> DevelopmentGoal:
    cycle = _lock(goal.cycle)
    _require(actor, cycle.employee, cycle.manager)
    if status not in GoalStatus.values:
        raise ValidationError(_("Choose a status from the list."))
    DevelopmentGoal.objects.filter(pk=goal.pk).update(status=status, updated_at=timezone.now())
    goal.refresh_from_db()
    return goal


def _clean_training(
    *, cycle, area, title, hours, status, completed_on, goal_id, today
) -> dict:
    errors = {}
    title = clean_text(title)
    if not title:
        errors["title"] = _("Give the training a title.")
    if area not in TrainingArea.values:
        errors["area"] = _("Choose an area from the list.")
    if status not in TrainingStatus.values:
        errors["status"] = _("Choose a status from the list.")
    if hours is None or not Decimal("0") < Decimal(hours) <= Decimal("1000"):
        errors["hours"] = _("Give the number of hours: more than 0 and at most 1000.")
    if status == TrainingStatus.COMPLETED:
        if completed_on is None:
            errors["completed_on"] = _("Give the date the training was completed.")
        elif completed_on > today:
            errors["completed_on"] = _("The completion date cannot be in the future.")
    elif completed_on is not None:
        errors["completed_on"] = _("Only a completed training has a completion date.")
    if goal_id is not None and not cycle.goals.filter(pk=goal_id).exists():
        errors["goal"] = _("Choose one of this plan's goals.")
    if errors:
        raise ValidationError(errors)
    return {"title": title, "area": area, "status": status, "hours": hours,
            "completed_on": completed_on, "goal_id": goal_id}


@transaction.atomic
def training_add(
    *, cycle: ReviewCycle, actor: User, area: str, title: str, hours: Decimal, status: str,
    completed_on: datetime.date | None = None, goal_id: int | None = None,
    today: datetime.date | None = None, submission_token: uuid.UUID | None = None,
) -> Training:
    """Add a training (with hours and status) to the development plan; the same form sent
    twice adds it once (common.idempotency)."""
    cycle = _lock(cycle)
    _require(actor, cycle.employee, cycle.manager)
    earlier = made_with(Training, submission_token, created_by=actor)
    if (found := earlier()) is not None:
        return found
    data = _clean_training(cycle=cycle, area=area, title=title, hours=hours, status=status,
                           completed_on=completed_on, goal_id=goal_id, today=today or _today())
    return create_once(earlier, lambda: Training.objects.create(
        cycle=cycle, created_by=actor, submission_token=submission_token, **data))[0]


@transaction.atomic
def training_status_set(
    *, training: Training, actor: User, status: str, completed_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Training:
    """Move a training to planned, in progress, completed (with a date) or cancelled."""
    cycle = _lock(training.cycle)
    _require(actor, cycle.employee, cycle.manager)
    training = Training.objects.select_for_update().get(pk=training.pk)
    data = _clean_training(
        cycle=cycle, area=training.area, title=training.title, hours=training.hours,
        status=status, completed_on=completed_on, goal_id=training.goal_id,
        today=today or _today(),
    )
    training.status = data["status"]
    training.completed_on = data["completed_on"]
    training.save(update_fields=["status", "completed_on", "updated_at"])
    return training
