"""The figures the API hands out: the dashboards' rollup sums per team or per college, never a
row about one person. A group with fewer active students than LOB_API_MIN_GROUP_SIZE is
suppressed (its figures are null): small counts could point at a person."""

from django.conf import settings
from django.db.models import Count, Sum

from lob.dashboards.models import RollupState, TeamYearFigures
from staff.models import College, Team
from students.models import Student, StudentStatus
from students.selectors.attendance import absence_alert_q, with_absence_figures

# API name → rollup field (the dashboards' definitions: see lob/dashboards/models.py).
COUNTS = {
    "active_students": "active",
    "seen_individually": "seen",
    "starters": "starters",
    "intake_on_time": "intake_on_time",
    "individual_sessions": "individual_sessions",
    "open_space_sessions": "open_space_sessions",
    "follow_ups_due": "follow_ups",
    "follow_ups_done": "follow_ups_done",
    "follow_ups_overdue": "follow_ups_overdue",
    "referrals": "referrals",
    "referrals_open": "referrals_open",
    "referrals_ended": "referrals_ended",
    "referrals_feedback_on_time": "referrals_feedback_on_time",
    "graduated": "graduated",
    "dropped_out": "dropped_out",
    "transferred": "transferred",
}
FIGURES = [*COUNTS, "reach_pct", "absence_alert_students"]


def _pct(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _figures(row: dict, alerts: int) -> dict:
    active = row["active"] or 0
    if active < settings.LOB_API_MIN_GROUP_SIZE:
        return {"suppressed": True, **dict.fromkeys(FIGURES)}
    return {
        "suppressed": False,
        **{name: row[field] or 0 for name, field in COUNTS.items()},
        "reach_pct": _pct(row["seen"] or 0, active),
        "absence_alert_students": alerts,
    }


def _alerts(group: str, college_ids: list[int] | None, today) -> dict[int, int]:
    """Active students above the absence threshold now, per team or college (live)."""
    students = Student.objects.filter(status=StudentStatus.ACTIVE)
    if college_ids is not None:
        students = students.filter(college_id__in=college_ids)
    rows = (with_absence_figures(students, today).filter(absence_alert_q())
            .values(group).annotate(n=Count("pk")).order_by())
    return {row[group]: row["n"] for row in rows}


def computed_at(year: int, college_ids: list[int] | None):
    states = RollupState.objects.filter(school_year=year)
    if college_ids is not None:
        states = states.filter(college_id__in=college_ids)
    return min(states.values_list("refreshed_at", flat=True), default=None)


def team_figures(year: int, college_ids: list[int] | None, today) -> list[dict]:
    rows = TeamYearFigures.objects.filter(school_year=year)
    teams = Team.objects.all()
    if college_ids is not None:
        rows = rows.filter(college_id__in=college_ids)
        teams = teams.filter(college_id__in=college_ids)
    sums = {
        row["team_id"]: row
        for row in rows.values("team_id").annotate(
            **{field: Sum(field) for field in set(COUNTS.values())}).order_by()
    }
    alerts = _alerts("programme__team_id", college_ids, today)
    empty = dict.fromkeys(COUNTS.values(), 0)
    return [
        {"college": team.college.short_name, "team": team.name, "team_code": team.code,
         **_figures(sums.get(team.pk, empty), alerts.get(team.pk, 0))}
        for team in teams.select_related("college").order_by("college__short_name", "name")
    ]


def college_figures(year: int, college_ids: list[int] | None, today) -> list[dict]:
    rows = TeamYearFigures.objects.filter(school_year=year)
    colleges = College.objects.all()
    if college_ids is not None:
        rows = rows.filter(college_id__in=college_ids)
        colleges = colleges.filter(pk__in=college_ids)
    sums = {
        row["college_id"]: row
        for row in rows.values("college_id").annotate(
            **{field: Sum(field) for field in set(COUNTS.values())}).order_by()
    }
    alerts = _alerts("college_id", college_ids, today)
    empty = dict.fromkeys(COUNTS.values(), 0)
    return [
        {"college": college.short_name, "name": college.name,
         **_figures(sums.get(college.pk, empty), alerts.get(college.pk, 0))}
        for college in colleges.order_by("short_name")
    ]
