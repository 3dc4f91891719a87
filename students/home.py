import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.access import user_has_any_role
from common.home import NavItem, Panel
from staff.roles import FIRST_LINE_RECORD_ROLES, STUDENT_REGISTER_ROLES, Role

from . import selectors
from .models import FollowUp, FollowUpStatus, SessionAttendance, Student

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
        not_seen = selectors.caseload(user, flag="not_seen", sort="last_session")
        rows = list(not_seen[:PANEL_ROWS])
        if rows:
            panels.append(Panel(
                _("Not seen for %(weeks)s weeks") % {"weeks": settings.LOB_NOT_SEEN_WEEKS},
                "students/panels/not_seen.html",
                {"rows": rows, "count": not_seen.count()},
                order=15,
            ))
        absent = selectors.caseload(user, flag="absence", sort="absence")
        rows = list(absent[:PANEL_ROWS])
        if rows:
            panels.append(Panel(
                _("Absence above the threshold"), "students/panels/absence.html",
                {"rows": rows, "count": absent.count() if len(rows) == PANEL_ROWS else len(rows),
                 "days": settings.LOB_ABSENCE_ALERT_DAYS,
                 "weeks": settings.LOB_ABSENCE_WINDOW_WEEKS},
                order=14,
            ))
    managed = user.team_ids(Role.MANAGER) if user.is_authenticated else set()
    if managed:
        panels.append(Panel(_("First line in my teams"), "students/panels/team.html",
                            {"teams": team_first_line(managed)}, order=20))
    return panels


def team_first_line(team_ids) -> list[dict]:
    """Per managed team: open and overdue follow-ups and active students not seen lately."""
    today = timezone.localdate()
    since = timezone.now() - datetime.timedelta(weeks=settings.LOB_NOT_SEEN_WEEKS)
    follow_ups = {
        row["session__team_id"]: row
        # Reached through the team's students (an index on student and status), not through
        # all of the team's sessions: bounded by the team, whatever the size of the ROC.
        for row in FollowUp.objects.filter(student__programme__team_id__in=team_ids,
                                           session__team_id__in=team_ids,
                                           status=FollowUpStatus.OPEN)
        .values("session__team_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    }
    # Seen: an individual session within the window, asked per student (EXISTS on the index
    # of attendance by student and time), not by joining five years of attendance.
    seen_lately = SessionAttendance.objects.filter(
        student_id=OuterRef("pk"), present=True, held_at__gte=since,
        session__format="individual")
    students = (
        Student.objects.filter(programme__team_id__in=team_ids, status="active")
        .values("programme__team_id", "programme__team__name")
        .annotate(total=Count("pk"), seen=Count("pk", filter=Exists(seen_lately)))
        .order_by("programme__team__name")
    )
    return [
        {
            "team": row["programme__team__name"],
            "students": row["total"],
            "not_seen": row["total"] - row["seen"],
            "open": follow_ups.get(row["programme__team_id"], {}).get("open", 0),
            "overdue": follow_ups.get(row["programme__team_id"], {}).get("overdue", 0),
        }
        for row in students
    ]
