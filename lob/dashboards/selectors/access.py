"""Who sees which dashboard, and which parts of the college view."""

from django.db.models import QuerySet
from django.http import Http404

from staff.models import College, Team
from staff.roles import Role

# Which parts of the college view each role sees. HR: staff figures only, no student data;
# the LEC lead: referral aggregates (the LEC's own overview has the rest).
SECTIONS_ALL = frozenset({"students", "referrals", "staff"})
SECTIONS_BY_ROLE = {
    Role.DIRECTOR: SECTIONS_ALL,
    Role.HR: frozenset({"staff"}),
    Role.LEC_LEAD: frozenset({"referrals"}),
}


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_roc_user(user) -> bool:
    """ROC-level users: superusers, and directors without a college."""
    return _active(user) and (
        user.is_superuser or (user.college_id is None and user.has_role(Role.DIRECTOR))
    )


def dashboard_teams(user) -> QuerySet[Team]:
    """Teams whose dashboard `user` may open: a manager their own teams, a director all teams
    of their college, an ROC-level user every team."""
    if not _active(user):
        return Team.objects.none()
    if is_roc_user(user):
        return Team.objects.all()
    if user.college_id and user.has_role(Role.DIRECTOR):
        return Team.objects.filter(college_id=user.college_id)
    return Team.objects.filter(pk__in=user.team_ids(Role.MANAGER))


def team_for_dashboard(user, pk: int) -> Team:
    try:
        return dashboard_teams(user).select_related("college").get(pk=pk)
    except Team.DoesNotExist:
        raise Http404 from None


def dashboard_colleges(user) -> QuerySet[College]:
    if is_roc_user(user):
        return College.objects.all()
    if _active(user) and user.college_id and college_sections(user):
        return College.objects.filter(pk=user.college_id)
    return College.objects.none()


def college_for_dashboard(user, pk: int) -> College:
    try:
        return dashboard_colleges(user).get(pk=pk)
    except College.DoesNotExist:
        raise Http404 from None


def may_see_team(user, team: Team) -> bool:
    """`team_for_dashboard` without a query, for links (the same rule as dashboard_teams)."""
    if not _active(user):
        return False
    if is_roc_user(user):
        return True
    if user.college_id and user.college_id == team.college_id and user.has_role(Role.DIRECTOR):
        return True
    return team.pk in user.team_ids(Role.MANAGER)


def may_see_college(user, college_id: int) -> bool:
    """`college_for_dashboard` without a query, for links."""
    return is_roc_user(user) or (
        _active(user) and user.college_id == college_id and bool(college_sections(user))
    )


def college_sections(user) -> frozenset[str]:
    if is_roc_user(user):
        return SECTIONS_ALL
    sections: set[str] = set()
    for role, allowed in SECTIONS_BY_ROLE.items():
        if user.has_role(role):
            sections |= allowed
    return frozenset(sections)
