from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.access import user_has_any_role
from common.home import NavItem, Panel
from staff.roles import FIRST_LINE_RECORD_ROLES, STUDENT_REGISTER_ROLES, Role

from . import selectors

PANEL_ROWS = 5


def nav_items(request):
    user = request.user
    items = []
    if user_has_any_role(user, [Role.COUNSELLOR]):
        items.append(NavItem(_("My students"), reverse("students:caseload"), order=10,
                             active_prefix="/students/caseload/"))
    if user_has_any_role(user, STUDENT_REGISTER_ROLES):
        items.append(NavItem(_("Students"), reverse("students:list"), order=20))
    if user_has_any_role(user, FIRST_LINE_RECORD_ROLES):
        items.append(NavItem(_("Follow-ups"), reverse("students:follow_ups"), order=25,
                             active_prefix="/students/follow-ups/"))
    if user_has_any_role(user, [Role.COUNSELLOR, Role.MANAGER]):
        items.append(NavItem(_("Groups"), reverse("students:groups"), order=30,
                             active_prefix="/students/groups/"))
    if user_has_any_role(user, [Role.ADMIN]):
        items.append(NavItem(_("Import"), reverse("students:import"), order=90))
    return items


def panels(request):
    user = request.user
    panels = []
    if user_has_any_role(user, FIRST_LINE_RECORD_ROLES):
        follow_ups = selectors.open_follow_ups(user, owner=user)
        today = timezone.localdate()
        rows = list(follow_ups[:PANEL_ROWS])
        counts = follow_ups.aggregate(
            open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today))
        )
        if counts["open"]:
            panels.append(Panel(_("My follow-ups"), "students/panels/follow_ups.html",
                                {"rows": rows, "counts": counts}, order=10))
    if user_has_any_role(user, [Role.COUNSELLOR]):
        handovers = list(selectors.recent_handovers(user)[:PANEL_ROWS])
        if handovers:
            panels.append(Panel(_("Handover notes"), "students/panels/handovers.html",
                                {"rows": handovers}, order=12))
        mine = selectors.caseload_alerts(user)  # the caseload, read once for both panels
        not_seen = selectors.caseload_view(mine, flag="not_seen", sort="last_session")
        rows = not_seen[:PANEL_ROWS]
        if rows:
            panels.append(Panel(
                _("Not seen for %(weeks)s weeks") % {"weeks": settings.LOB_NOT_SEEN_WEEKS},
                "students/panels/not_seen.html",
                {"rows": rows, "count": len(not_seen)},
                order=15,
            ))
        absent = selectors.caseload_view(mine, flag="absence", sort="absence")
        rows = absent[:PANEL_ROWS]
        if rows:
            panels.append(Panel(
                _("Absence above the threshold"), "students/panels/absence.html",
                {"rows": rows, "count": len(absent),
                 "days": settings.LOB_ABSENCE_ALERT_DAYS,
                 "weeks": settings.LOB_ABSENCE_WINDOW_WEEKS},
                order=14,
            ))
    return panels
