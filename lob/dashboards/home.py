"""The dashboards' entries in the navigation and on the home page (see common/home.py;
apps.py contributes them through common.registry)."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.access import user_has_any_role
from common.home import NavItem, Panel
from staff.roles import DASHBOARD_ROLES, TEAM_DASHBOARD_ROLES, Role

from . import selectors
from .periods import school_year_of


def nav_items(request):
    user = request.user
    items = []
    if user_has_any_role(user, DASHBOARD_ROLES):
        items.append(NavItem(_("Dashboards"), reverse("dashboards:index"), order=60,
                             active_prefix="/dashboards/", roc_wide=True))
    if user_has_any_role(user, [Role.LEC_LEAD]) and not user.is_superuser:
        try:
            items.append(NavItem(_("LEC overview"), reverse("lec:overview"), order=61,
                                 active_prefix="/lec/overview/"))
        except NoReverseMatch:
            pass
    return items


def panels(request):
    """What needs the attention of whoever leads teams: per team (a manager's own, a director's
    college) or per college (the ROC board) the reach, the students not seen and the late
    intakes — the dashboards' figures from the same rollup, with their age — and the open and
    overdue follow-ups now (the dashboard's live figure)."""
    user = request.user
    if not user.is_authenticated or not user_has_any_role(user, TEAM_DASHBOARD_ROLES):
        return []
    year = school_year_of(timezone.localdate())
    if selectors.is_roc_user(user):
        return [Panel(_("The colleges at a glance"), "dashboards/home_colleges.html",
                      {"colleges": selectors.home_college_figures(),
                       "age": selectors.rollup_times(year).age}, order=5)]
    team_ids = set(selectors.dashboard_teams(user).values_list("pk", flat=True))
    if not team_ids:
        return []
    teams = selectors.home_figures(team_ids)
    follow_ups = selectors.open_follow_ups_per_team(team_ids, timezone.localdate())
    for team in teams:
        counts = follow_ups.get(team["team_id"], {})
        team["follow_ups_open"] = counts.get("open", 0)
        team["follow_ups_overdue"] = counts.get("overdue", 0)
    title = (_("My teams at a glance") if team_ids <= user.team_ids(Role.MANAGER)
             else _("The teams of my college at a glance"))
    return [Panel(title, "dashboards/home_panel.html",
                  {"teams": teams, "age": selectors.rollup_times(year, user.college_id).age,
                   "weeks": settings.LOB_NOT_SEEN_WEEKS}, order=40)]
