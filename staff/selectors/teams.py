"""Training records and the team and college overviews of review cycles."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from common.names import name_order

from ..models import (
    FeedbackRequest,
    ReviewCycle,
    Stage,
    Team,
    TeamMembership,
    Training,
    TrainingStatus,
    User,
)
from ..roles import Role
from .cycles import _active, _count, _open_requests, _sum

# --- development plan and training ----------------------------------------------------------------


def training_record(user) -> QuerySet[Training]:
    """All trainings in `user`'s own development plans, newest school year first."""
    return (
        Training.objects.filter(cycle__employee_id=user.pk)
        .select_related("cycle", "goal")
        .order_by("-cycle__school_year", "status", "pk")
    )


def training_hours(user) -> dict:
    return Training.objects.filter(cycle__employee_id=user.pk).aggregate(
        completed=Coalesce(Sum("hours", filter=Q(status=TrainingStatus.COMPLETED)), Decimal("0")),
        planned=Coalesce(
            Sum("hours", filter=Q(status__in=[TrainingStatus.PLANNED, TrainingStatus.IN_PROGRESS])),
            Decimal("0"),
        ),
    )


# --- manager, HR and director overviews -----------------------------------------------------------


def managed_teams(user) -> QuerySet[Team]:
    if not _active(user):
        return Team.objects.none()
    return Team.objects.filter(pk__in=user.team_ids(Role.MANAGER)).order_by("name")


def team_members_overview(*, user, team: Team, school_year: int) -> QuerySet[User]:
    """The members of a team `user` manages, each with their cycle of the year, open 360
    requests and training hours; one query."""
    if not user.manages_team(team.pk):
        return User.objects.none()
    members = TeamMembership.objects.filter(team=team).exclude(role=Role.MANAGER).values("user_id")
    cycle = ReviewCycle.objects.filter(employee_id=OuterRef("pk"), school_year=school_year)
    trainings = Training.objects.filter(
        cycle__employee_id=OuterRef("pk"), cycle__school_year=school_year
    )
    return (
        User.objects.filter(pk__in=members, is_active=True)
        .exclude(pk=user.pk)
        .annotate(
            cycle_id=Subquery(cycle.values("pk")[:1]),
            cycle_stage=Subquery(cycle.values("stage")[:1]),
            cycle_manager_id=Subquery(cycle.values("manager_id")[:1]),
            open_requests=_count(
                _open_requests().filter(
                    cycle__employee_id=OuterRef("pk"), cycle__school_year=school_year
                )
            ),
            hours_completed=_sum(trainings.filter(status=TrainingStatus.COMPLETED), "hours"),
            hours_planned=_sum(
                trainings.filter(status__in=[TrainingStatus.PLANNED, TrainingStatus.IN_PROGRESS]),
                "hours",
            ),
        )
        .order_by(*name_order())
    )


def _college_teams(user) -> QuerySet[Team]:
    if user.is_superuser:
        return Team.objects.all()
    return Team.objects.filter(college_id=user.college_id)


def cycles_completed_share(closed: int, cycles: int) -> int | None:
    """"Completed" (Afgerond) wherever review cycles are counted: the share, in whole percent
    (half up), of the school year's review cycles that are closed. The one definition for
    HR's cycle overview and the dashboards (which used to divide by the team's staff on one
    page and by the cycles on the other). None: no cycles."""
    if not cycles:
        return None
    return int((Decimal(100 * closed) / cycles).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def completion_by_team(*, user, school_year: int) -> list[Team]:
    """Per team of the college: members, cycles per stage and 360 response rate (one query).

    Every figure is a subquery on the team's own rows of the year (index on team and year):
    joining the cycles and grouping would evaluate the other subqueries once per cycle."""
    members = (
        TeamMembership.objects.filter(team_id=OuterRef("pk"))
        .exclude(role=Role.MANAGER)
        .order_by()
        .values("team_id")
        .annotate(c=Count("user_id", distinct=True))
        .values("c")
    )
    cycles = ReviewCycle.objects.filter(team_id=OuterRef("pk"), school_year=school_year)
    requests = FeedbackRequest.objects.filter(
        cycle__team_id=OuterRef("pk"), cycle__school_year=school_year
    )
    teams = (
        _college_teams(user)
        .annotate(
            members=Coalesce(Subquery(members, output_field=IntegerField()), 0),
            cycles=_count(cycles),
            **{f"stage_{s}": _count(cycles.filter(stage=s)) for s in Stage.values},
            invited=_count(requests),
            answered=_count(requests.filter(answered_at__isnull=False)),
        )
        .order_by("name")
    )
    rows = list(teams)
    for t in rows:
        t.completion = cycles_completed_share(t.stage_closed, t.cycles)
        t.response_rate = round(100 * t.answered / t.invited) if t.invited else None
        t.stages = [getattr(t, f"stage_{s}") for s in Stage.values]
        t.stage_counts = [(label, getattr(t, f"stage_{s}")) for s, label in Stage.choices]
    return rows


# --- frameworks ---------------------------------------------------------------------------------
