"""Review cycles: the scoping rule, lists, meetings and 360 invitations."""

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
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
from django.utils.translation import gettext as _

from common.names import name_order

from ..models import (
    MEETING_ORDER,
    BehaviouralCriterion,
    Competency,
    FeedbackRequest,
    ReviewCycle,
)
from ..roles import Role

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
    ).order_by("-school_year", *name_order("employee__"))


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


def invitable_colleagues(cycle: ReviewCycle, actor) -> list[tuple[str, list]]:
    """Who can still be invited to give 360 feedback in `cycle`, grouped by team for the
    invite page: the employee's own team(s) first (those raters form the "team" group), then
    the college's other teams, then colleagues in no team. Each person appears once, under
    their first team. Leaves out the actor, the employee, the manager and who was invited
    already (three queries)."""
    from ..models import TeamMembership, User

    invited = set(cycle.feedback_requests.values_list("rater_id", flat=True))
    excluded = invited | {actor.pk, cycle.employee_id, cycle.manager_id}
    people = {
        u.pk: u for u in User.objects.filter(college_id=cycle.employee.college_id,
                                              is_active=True).exclude(pk__in=excluded)
    }
    rows = (
        TeamMembership.objects.in_own_college()
        .filter(team__college_id=cycle.employee.college_id)
        .values_list("user_id", "team_id", "team__name")
        .order_by("team__name", "team_id")
    )
    rows = list(rows)
    team_names = {team_id: name for _user, team_id, name in rows}
    employee_teams = {team_id for user_id, team_id, _name in rows
                      if user_id == cycle.employee_id}
    first_team: dict[int, int] = {}
    for user_id, team_id, _name in rows:  # in team-name order; a shared team wins
        current = first_team.get(user_id)
        if current is None or (team_id in employee_teams and current not in employee_teams):
            first_team[user_id] = team_id
    groups: dict[int | None, list] = {}
    for user in people.values():
        groups.setdefault(first_team.get(user.pk), []).append(user)

    def order(team_id):
        return (team_id not in employee_teams, team_id is None, team_names.get(team_id, ""))

    result = []
    for team_id in sorted(groups, key=order):
        members = sorted(groups[team_id], key=lambda u: (u.last_name, u.first_name, u.email))
        if team_id is None:
            label = _("Not in a team")
        elif team_id in employee_teams:
            label = _("%(team)s (the employee's team)") % {"team": team_names[team_id]}
        else:
            label = team_names[team_id]
        result.append((label, members))
    return result


def feedback_invitations(cycle: ReviewCycle) -> QuerySet[FeedbackRequest]:
    """Who was invited and by when; not whether or what they answered."""
    return cycle.feedback_requests.select_related("rater").order_by(*name_order("rater__"))
