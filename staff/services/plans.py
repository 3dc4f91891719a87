"""Writes on team plans, team progress reviews and the LOB standards self-assessment."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.concurrency import check_and_bump_version
from common.idempotency import create_once, made_with

from ..models import (
    ActionStatus,
    Criterion,
    Standard,
    StandardAssessment,
    StandardScore,
    Team,
    TeamPlan,
    TeamPlanAction,
    TeamProgressReview,
    User,
    school_year_bounds,
)
from ..roles import Role
from .common import clean_text


def _require_manager(actor: User, team: Team) -> None:
    if team.pk not in actor.team_ids(Role.MANAGER):
        raise PermissionDenied


def _plan_locked(team: Team, school_year: int) -> TeamPlan:
    plan, _created = TeamPlan.objects.get_or_create(team=team, school_year=school_year)
    return TeamPlan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def team_plan_save(
    *, team: Team, school_year: int, actor: User, training_section: str,
    expected_version: int | None = None,
) -> TeamPlan:
    """The team's training section (scholingsparagraaf) for a school year."""
    _require_manager(actor, team)
    plan = _plan_locked(team, school_year)
    check_and_bump_version(plan, expected_version)
    plan.training_section = clean_text(training_section)
    plan.updated_by = actor
    plan.save(update_fields=["training_section", "updated_by", "updated_at"])
    return plan


@transaction.atomic
def team_action_add(
    *, team: Team, school_year: int, actor: User, description: str, standard_id: int | None,
    due_on: datetime.date | None, submission_token: uuid.UUID | None = None,
) -> TeamPlanAction:
    """Add one of the team's LOB actions to the plan; the same form sent twice adds it once
    (common.idempotency)."""
    _require_manager(actor, team)
    earlier = made_with(TeamPlanAction, submission_token, created_by=actor)
    if (found := earlier()) is not None:
        return found
    errors = {}
    description = clean_text(description)
    if not description:
        errors["description"] = _("Describe the action.")
    if standard_id is not None and not Standard.objects.filter(
        pk=standard_id, college_id=team.college_id
    ).exists():
        errors["standard"] = _("Choose one of the college's standards.")
    start, end = school_year_bounds(school_year)
    if due_on is not None and not start <= due_on <= end:
        errors["due_on"] = _("The due date must fall in the school year of the plan.")
    if errors:
        raise ValidationError(errors)
    plan = _plan_locked(team, school_year)
    return create_once(earlier, lambda: TeamPlanAction.objects.create(
        plan=plan, description=description, standard_id=standard_id, due_on=due_on,
        created_by=actor, submission_token=submission_token,
    ))[0]


@transaction.atomic
def team_action_status_set(*, action: TeamPlanAction, actor: User, status: str) -> TeamPlanAction:
    _require_manager(actor, action.plan.team)
    if status not in ActionStatus.values:
        raise ValidationError(_("Choose a status from the list."))
    TeamPlanAction.objects.filter(pk=action.pk).update(status=status, updated_at=timezone.now())
    action.refresh_from_db()
    return action


@transaction.atomic
def progress_review_record(
    *, team: Team, school_year: int, actor: User, term: int, held_on: datetime.date,
    participants: str, notes: str, today: datetime.date | None = None,
) -> TeamProgressReview:
    """Record one of the three yearly progress reviews of a team with the directie."""
    today = today or timezone.localdate()
    if not actor.has_role(Role.DIRECTOR) or actor.college_id != team.college_id:
        raise PermissionDenied
    errors = {}
    if term not in (1, 2, 3):
        errors["term"] = _("Choose the first, second or third review.")
    start, end = school_year_bounds(school_year)
    if held_on > today:
        errors["held_on"] = _("A review cannot be recorded before it has taken place.")
    elif not start <= held_on <= end:
        errors["held_on"] = _("The date must fall in the school year of the plan.")
    notes = clean_text(notes)
    if not notes:
        errors["notes"] = _("Write down what was discussed and agreed.")
    if errors:
        raise ValidationError(errors)
    plan = _plan_locked(team, school_year)
    duplicate = ValidationError({"term": _("This review has already been recorded.")})
    if plan.reviews.filter(term=term).exists():
        raise duplicate
    try:
        with transaction.atomic():
            return TeamProgressReview.objects.create(
                plan=plan, term=term, held_on=held_on, participants=clean_text(participants),
                notes=notes, recorded_by=actor,
            )
    except IntegrityError:
        raise duplicate from None


@transaction.atomic
def standards_assess(
    *, team: Team, school_year: int, actor: User,
    rows: dict[int, tuple[int | None, str, str]],
) -> int:
    """Save the team's self-assessment per criterion (score, evidence, planned action).

    Rows without score, evidence or action are skipped; returns the number of rows saved.
    """
    _require_manager(actor, team)
    active = set(
        Criterion.objects.filter(standard__college_id=team.college_id, is_active=True)
        .values_list("pk", flat=True)
    )
    if set(rows) - active:
        raise ValidationError(_("The form does not match the current criteria. Reload the page."))
    errors = {}
    cleaned = {}
    for criterion_id, (score, evidence, action) in rows.items():
        evidence, action = clean_text(evidence), clean_text(action)
        if score is None:
            if evidence or action:
                errors[f"score_{criterion_id}"] = _("Give a score.")
            continue
        if score not in StandardScore.values:
            errors[f"score_{criterion_id}"] = _("Give a score from 1 to 4.")
            continue
        cleaned[criterion_id] = (score, evidence, action)
    if errors:
        raise ValidationError(errors)
    for criterion_id, (score, evidence, action) in cleaned.items():
        StandardAssessment.objects.update_or_create(
            team=team, school_year=school_year, criterion_id=criterion_id,
            defaults={"score": score, "evidence": evidence, "planned_action": action,
                      "updated_by": actor},
        )
    return len(cleaned)


@transaction.atomic
def standard_action_carry(*, assessment: StandardAssessment, actor: User) -> TeamPlanAction:
    """Carry a planned action from the standards self-assessment into the team plan (once)."""
    _require_manager(actor, assessment.team)
    assessment = StandardAssessment.objects.select_for_update().select_related(
        "criterion__standard", "team"
    ).get(pk=assessment.pk)
    if not assessment.planned_action:
        raise ValidationError(_("This criterion has no planned action to carry over."))
    already = ValidationError(_("This action is already in the team plan."))
    if TeamPlanAction.objects.filter(source_assessment=assessment).exists():
        raise already
    plan = _plan_locked(assessment.team, assessment.school_year)
    try:
        with transaction.atomic():
            return TeamPlanAction.objects.create(
                plan=plan,
                description=assessment.planned_action,
                standard=assessment.criterion.standard,
                source_assessment=assessment,
                created_by=actor,
            )
    except IntegrityError:
        raise already from None
