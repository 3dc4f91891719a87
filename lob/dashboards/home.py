"""The dashboards' entries in the navigation and on the home page (see common/home.py;
apps.py contributes them through common.registry)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from common.access import user_has_any_role
from common.home import NavItem, Panel
from staff.roles import DASHBOARD_ROLES, Role

from . import selectors


def nav_items(request):
    user = request.user
    items = []
    if user_has_any_role(user, DASHBOARD_ROLES):
        items.append(NavItem(_("Dashboards"), reverse("dashboards:index"), order=60,
                             active_prefix="/dashboards/"))
    if user_has_any_role(user, [Role.LEC_LEAD]) and not user.is_superuser:
        try:
            items.append(NavItem(_("LEC overview"), reverse("lec:overview"), order=61,
                                 active_prefix="/lec/overview/"))
        except NoReverseMatch:
            pass
    return items


def panels(request):
    """Managers: reach, students not seen and late intakes of their teams this school year."""
    user = request.user
    team_ids = user.team_ids(Role.MANAGER) if user.is_authenticated else set()
    if not team_ids:
        return []
    return [Panel(_("My teams at a glance"), "dashboards/home_panel.html",
                  {"teams": selectors.home_figures(team_ids)}, order=40)]
