"""Team plans and the LOB standards' self-assessments."""


from django.db.models import (
    Avg,
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
)
from django.shortcuts import get_object_or_404

from ..models import (
    Criterion,
    Standard,
    StandardAssessment,
    Team,
    TeamPlan,
    TeamPlanAction,
    TeamProgressReview,
)
from ..roles import Role
from .cycles import _active, _count


def plan_teams_visible_to(user) -> QuerySet[Team]:
    """Teams whose plan and standards `user` may read: the directie and HR all of their college,
    others the teams they belong to."""
    if not _active(user):
        return Team.objects.none()
    if user.is_superuser:
        return Team.objects.all()
    qs = Team.objects.filter(college_id=user.college_id)
    if user.has_role(Role.DIRECTOR, Role.HR):
        return qs
    return qs.filter(pk__in=user.team_ids())


def plan_team_for_user(user, pk: int) -> Team:
    return get_object_or_404(plan_teams_visible_to(user), pk=pk)


def team_plan_list(*, user, school_year: int) -> list[Team]:
    plans = TeamPlan.objects.filter(team_id=OuterRef("pk"), school_year=school_year)
    actions = TeamPlanAction.objects.filter(
        plan__team_id=OuterRef("pk"), plan__school_year=school_year
    )
    return list(
        plan_teams_visible_to(user)
        .annotate(
            has_plan=Exists(plans.exclude(training_section="")),
            action_count=_count(actions),
            open_actions=_count(actions.filter(status="open")),
            review_count=_count(
                TeamProgressReview.objects.filter(
                    plan__team_id=OuterRef("pk"), plan__school_year=school_year
                )
            ),
        )
        .order_by("name")
    )


def team_plan(team: Team, school_year: int) -> TeamPlan | None:
    return (
        TeamPlan.objects.filter(team=team, school_year=school_year)
        .prefetch_related(
            Prefetch("actions", queryset=TeamPlanAction.objects.select_related("standard").order_by("pk")),
            "reviews__recorded_by",
        )
        .select_related("updated_by")
        .first()
    )


def standards_of_college(college_id: int) -> list[Standard]:
    return list(
        Standard.objects.filter(college_id=college_id)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.filter(is_active=True).order_by("order", "pk"))
        )
    )


def standard_assessments(team: Team, school_year: int) -> dict[int, StandardAssessment]:
    return {
        a.criterion_id: a
        for a in StandardAssessment.objects.filter(team=team, school_year=school_year).annotate(
            carried=Exists(TeamPlanAction.objects.filter(source_assessment_id=OuterRef("pk")))
        )
    }


def standards_overview(*, user, school_year: int) -> tuple[list[Standard], list[dict]]:
    """Average self-assessment score per team and standard (directie view), in the database."""
    standards = list(Standard.objects.filter(college_id=user.college_id).order_by("order", "pk"))
    teams = list(plan_teams_visible_to(user).order_by("name"))
    averages = {
        (r["team_id"], r["criterion__standard_id"]): r["avg"]
        for r in StandardAssessment.objects.filter(
            team__in=teams, school_year=school_year, criterion__is_active=True
        )
        .values("team_id", "criterion__standard_id")
        .annotate(avg=Avg("score"))
    }
    rows = [
        {"team": t, "averages": [averages.get((t.pk, s.pk)) for s in standards]} for t in teams
    ]
    return standards, rows
