"""Reads on review cycles, frameworks and plans. One scoping rule per model, used everywhere.

- `cycle_scope`: employees their own cycles, managers those of their teams; HR the status of all
  cycles of their college (`content=False`), never their content.
- 360 results only through `feedback_summary`: per rater group, groups with fewer than
  FEEDBACK_MIN_RESPONSES responses left out entirely.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import (
    MEETING_ORDER,
    BehaviouralCriterion,
    Competency,
    CompetencyCategory,
    CompetencyFramework,
    Criterion,
    FeedbackAnswer,
    FeedbackRequest,
    FeedbackResponse,
    RaterGroup,
    ReviewCycle,
    Stage,
    Standard,
    StandardAssessment,
    Team,
    TeamMembership,
    TeamPlan,
    TeamPlanAction,
    TeamProgressReview,
    Training,
    TrainingStatus,
    User,
)
from .roles import Role

# The anonymity threshold of 360 feedback. Not a setting on purpose: it must never go lower.
FEEDBACK_MIN_RESPONSES = 3


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


# --- review cycles ------------------------------------------------------------------------------


def cycle_scope(qs: QuerySet[ReviewCycle], user, *, content: bool = True) -> QuerySet[ReviewCycle]:
    """Cycles `user` may open (`content=True`) or whose status they may see (`content=False`)."""
    if not _active(user):
        return qs.none()
    if user.is_superuser:
        return qs
    own = Q(employee_id=user.pk) | Q(manager_id=user.pk)
    managed = user.team_ids(Role.MANAGER)
    if managed:
        own |= Q(team_id__in=managed)
    if not content and user.has_role(Role.HR) and user.college_id:
        own |= Q(team__college_id=user.college_id)
    return qs.filter(own)


def cycle_for_user(user, pk: int) -> ReviewCycle:
    """One cycle whose content `user` may see, or 404."""
    return get_object_or_404(
        cycle_scope(ReviewCycle.objects.all(), user).select_related(
            "employee", "manager", "team", "framework"
        ),
        pk=pk,
    )


def cycle_roles(user, cycle: ReviewCycle) -> frozenset[str]:
    """What `user` is in this cycle: 'employee', 'manager' (the leader), 'team_manager'."""
    roles = set()
    if cycle.employee_id == user.pk:
        roles.add("employee")
    if cycle.manager_id == user.pk:
        roles.add("manager")
    if cycle.team_id in user.team_ids(Role.MANAGER):
        roles.add("team_manager")
    return frozenset(roles)


def cycle_competencies(cycle: ReviewCycle) -> list[Competency]:
    """The competencies the cycle assesses: the core categories plus its role profile's."""
    profile = Q(category__role_profile="")
    if cycle.role_profile:
        profile |= Q(category__role_profile=cycle.role_profile)
    return list(
        Competency.objects.filter(profile, category__framework_id=cycle.framework_id)
        .select_related("category")
        .prefetch_related(
            Prefetch("criteria", queryset=BehaviouralCriterion.objects.order_by("order", "pk"))
        )
        .order_by("category__order", "category__pk", "order", "pk")
    )


def _open_requests():
    return FeedbackRequest.objects.filter(
        answered_at__isnull=True, deadline__gte=timezone.localdate()
    )


def _count(qs: QuerySet) -> Coalesce:
    return Coalesce(
        Subquery(
            qs.order_by().annotate(_g=Value(1)).values("_g").annotate(c=Count("pk")).values("c"),
            output_field=IntegerField(),
        ),
        0,
    )


def _sum(qs: QuerySet, field_name: str) -> Coalesce:
    return Coalesce(
        Subquery(
            qs.order_by().annotate(_g=Value(1)).values("_g").annotate(s=Sum(field_name)).values("s"),
            output_field=DecimalField(max_digits=7, decimal_places=1),
        ),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=7, decimal_places=1),
    )


def cycle_list(
    *, user, school_year: int | None = None, team_id: int | None = None, stage: str = ""
) -> QuerySet[ReviewCycle]:
    """The cycle list: status of the cycles `user` may see, with open 360 requests counted."""
    qs = cycle_scope(ReviewCycle.objects.all(), user, content=False).select_related(
        "employee", "manager", "team"
    )
    if school_year:
        qs = qs.filter(school_year=school_year)
    if team_id:
        qs = qs.filter(team_id=team_id)
    if stage:
        qs = qs.filter(stage=stage)
    return qs.annotate(
        open_requests=_count(_open_requests().filter(cycle_id=OuterRef("pk")))
    ).order_by("-school_year", "employee__last_name", "employee__first_name", "pk")


def cycle_meetings(cycle: ReviewCycle) -> list:
    meetings = {m.kind: m for m in cycle.meetings.select_related("recorded_by")}
    return [meetings.get(kind) for kind in MEETING_ORDER]


def assessment_rows(cycle: ReviewCycle, competencies: list[Competency]) -> list[dict]:
    """Per competency: the self-assessment and the manager's assessment side by side."""
    own = {a.competency_id: a for a in cycle.self_scores.all()}
    manager = {a.competency_id: a for a in cycle.manager_scores.all()}
    return [
        {"competency": c, "self": own.get(c.pk), "manager": manager.get(c.pk)}
        for c in competencies
    ]


# --- 360 feedback -------------------------------------------------------------------------------


def feedback_requests_for_rater(user) -> QuerySet[FeedbackRequest]:
    """The 360 requests addressed to `user`."""
    if not _active(user):
        return FeedbackRequest.objects.none()
    return (
        FeedbackRequest.objects.filter(rater_id=user.pk)
        .select_related("cycle__employee")
        .order_by("answered_at", "deadline", "pk")
    )


def open_feedback_requests_for_rater(user) -> QuerySet[FeedbackRequest]:
    return feedback_requests_for_rater(user).filter(
        answered_at__isnull=True, deadline__gte=timezone.localdate(), cycle__closed_at__isnull=True
    )


def feedback_request_for_rater(user, pk: int) -> FeedbackRequest:
    """One request addressed to `user`, or 404 (nobody else may open it)."""
    return get_object_or_404(feedback_requests_for_rater(user), pk=pk)


def feedback_invitations(cycle: ReviewCycle) -> QuerySet[FeedbackRequest]:
    """Who was invited and by when; not whether or what they answered."""
    return cycle.feedback_requests.select_related("rater").order_by("rater__last_name", "pk")


@dataclass
class FeedbackCell:
    average: float
    count: int


@dataclass
class FeedbackRow:
    competency: Competency
    cells: dict[str, FeedbackCell] = field(default_factory=dict)
    total: FeedbackCell | None = None
    comments: dict[str, list[str]] = field(default_factory=dict)
    # In the order of the summary's groups, for the template.
    ordered_cells: list[FeedbackCell | None] = field(default_factory=list)
    ordered_comments: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass
class FeedbackSummary:
    released: bool
    groups: list[tuple[str, str, int]]  # (group, label, responses) for the groups shown
    rows: list[FeedbackRow]
    invited: int
    open: int

    @property
    def group_keys(self) -> list[str]:
        return [g for g, _label, _n in self.groups]


def feedback_summary(cycle: ReviewCycle, *, today: datetime.date | None = None) -> FeedbackSummary:
    """The 360 results of a cycle, aggregated per rater group.

    Nothing of a group with fewer than FEEDBACK_MIN_RESPONSES responses appears: not its scores,
    comments, response count, nor any share in the totals. Per competency a group's average (and
    its share of the total) also needs that many scores, since raters may skip a competency.
    Results stay hidden while invitations are still open, so nobody can watch the average move
    as individual answers come in.
    """
    today = today or timezone.localdate()
    requests = cycle.feedback_requests.aggregate(
        invited=Count("pk"),
        open=Count("pk", filter=Q(answered_at__isnull=True, deadline__gte=today)),
    )
    released = requests["open"] == 0 and requests["invited"] > 0
    summary = FeedbackSummary(
        released=released, groups=[], rows=[], invited=requests["invited"], open=requests["open"]
    )
    if not released:
        return summary
    counts = dict(
        FeedbackResponse.objects.filter(cycle=cycle)
        .values("rater_group")
        .annotate(n=Count("pk"))
        .values_list("rater_group", "n")
    )
    shown = [g for g in RaterGroup.values if counts.get(g, 0) >= FEEDBACK_MIN_RESPONSES]
    summary.groups = [(g, RaterGroup(g).label, counts[g]) for g in shown]
    if not shown:
        return summary
    answers = FeedbackAnswer.objects.filter(
        response__cycle=cycle, response__rater_group__in=shown
    )
    stats = {
        (s["competency_id"], s["response__rater_group"]): s
        for s in answers.values("competency_id", "response__rater_group").annotate(
            total=Sum("score"), n=Count("score")
        )
    }
    comments: dict[tuple[int, str], list[str]] = {}
    for cid, group, text in (
        answers.exclude(comment="")
        .order_by("competency_id", "response__rater_group", "comment")
        .values_list("competency_id", "response__rater_group", "comment")
    ):
        comments.setdefault((cid, group), []).append(text)
    for competency in cycle_competencies(cycle):
        row = FeedbackRow(competency=competency)
        total, n = 0, 0
        for group in shown:
            s = stats.get((competency.pk, group))
            if s and s["n"] >= FEEDBACK_MIN_RESPONSES:
                row.cells[group] = FeedbackCell(round(s["total"] / s["n"], 1), s["n"])
                total, n = total + s["total"], n + s["n"]
            if (competency.pk, group) in comments:
                row.comments[group] = comments[(competency.pk, group)]
        if n:
            row.total = FeedbackCell(round(total / n, 1), n)
        row.ordered_cells = [row.cells.get(g) for g in shown]
        row.ordered_comments = [
            (label, row.comments[g]) for g, label, _n in summary.groups if g in row.comments
        ]
        summary.rows.append(row)
    return summary


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
        .order_by("last_name", "first_name", "pk")
    )


def _college_teams(user) -> QuerySet[Team]:
    if user.is_superuser:
        return Team.objects.all()
    return Team.objects.filter(college_id=user.college_id)


def completion_by_team(*, user, school_year: int) -> list[Team]:
    """Per team of the college: members, cycles per stage and 360 response rate (one query)."""
    in_year = Q(review_cycles__school_year=school_year)
    members = (
        TeamMembership.objects.filter(team_id=OuterRef("pk"))
        .exclude(role=Role.MANAGER)
        .order_by()
        .values("team_id")
        .annotate(c=Count("user_id", distinct=True))
        .values("c")
    )
    requests = FeedbackRequest.objects.filter(
        cycle__team_id=OuterRef("pk"), cycle__school_year=school_year
    )
    teams = (
        _college_teams(user)
        .annotate(
            members=Coalesce(Subquery(members, output_field=IntegerField()), 0),
            cycles=Count("review_cycles", filter=in_year),
            **{
                f"stage_{s}": Count("review_cycles", filter=in_year & Q(review_cycles__stage=s))
                for s in Stage.values
            },
            invited=_count(requests),
            answered=_count(requests.filter(answered_at__isnull=False)),
        )
        .order_by("name")
    )
    rows = list(teams)
    for t in rows:
        t.completion = round(100 * t.stage_closed / t.members) if t.members else 0
        t.response_rate = round(100 * t.answered / t.invited) if t.invited else None
        t.stages = [getattr(t, f"stage_{s}") for s in Stage.values]
        t.stage_counts = [(label, getattr(t, f"stage_{s}")) for s, label in Stage.choices]
    return rows


# --- frameworks ---------------------------------------------------------------------------------


def frameworks_visible_to(user) -> QuerySet[CompetencyFramework]:
    if not _active(user):
        return CompetencyFramework.objects.none()
    qs = CompetencyFramework.objects.select_related("college")
    if user.is_superuser:
        return qs
    return qs.filter(college_id=user.college_id)


def framework_list(user) -> QuerySet[CompetencyFramework]:
    return frameworks_visible_to(user).annotate(
        cycle_count=Count("cycles", distinct=True),
        competency_count=Count("categories__competencies", distinct=True),
    ).order_by("college__name", "-version")


def framework_for_user(user, pk: int) -> CompetencyFramework:
    return get_object_or_404(frameworks_visible_to(user), pk=pk)


def framework_tree(framework: CompetencyFramework) -> list[CompetencyCategory]:
    """Categories with their competencies and criteria (three queries)."""
    return list(
        framework.categories.order_by("order", "pk").prefetch_related(
            Prefetch(
                "competencies",
                queryset=Competency.objects.order_by("order", "pk").prefetch_related(
                    Prefetch("criteria", queryset=BehaviouralCriterion.objects.order_by("order", "pk"))
                ),
            )
        )
    )


# --- team plans and standards ---------------------------------------------------------------------


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
