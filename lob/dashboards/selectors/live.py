"""Figures read live, not from the rollups: open follow-ups now, and the staff figures."""

from django.db.models import Avg, Count, F, Q, Sum

from staff.models import ReviewCycle, Stage, StandardAssessment, Team, Training, TrainingStatus
from students.models import FollowUp, FollowUpStatus, Student, StudentStatus
from students.selectors.attendance import absence_alert_q, with_absence_figures

from ..models import TeamStaffFigures
from .filters import Filters


def _scope_ids(scope: dict) -> dict[str, int]:
    """{"college": college} as {"college_id": college.pk}: lookups on ids."""
    return {f"{key}_id": obj.pk for key, obj in scope.items()}


def follow_ups_per_counsellor(team: Team, filters: Filters) -> list[dict]:
    """Open follow-ups of the team's students now, per owner, with the overdue ones."""
    qs = filters.apply_students(
        FollowUp.objects.filter(status=FollowUpStatus.OPEN, student__programme__team=team),
        "student__",
    )
    return list(
        qs.values("owner_id", "owner__first_name", "owner__last_name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=filters.day)))
        .order_by("-overdue", "-open", "owner__sort_name", "owner__first_name", "owner_id")
    )


def open_follow_ups_per_team(team_ids, day) -> dict[int, dict]:
    """Open follow-ups of the teams' students now, and the overdue ones, per team: the figure
    of follow_ups_per_counsellor summed (one definition for the dashboard and the home page)."""
    rows = (
        FollowUp.objects.filter(status=FollowUpStatus.OPEN, student__programme__team_id__in=team_ids)
        .values("student__programme__team_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=day)))
        .order_by()
    )
    return {row["student__programme__team_id"]: row for row in rows}


def attendance_per_split(team: Team, filters: Filters) -> list[dict]:
    """The team's active students now, per pathway and study year: how many had unexcused
    absence in the alert window, how many pass the alert threshold, and the days absent."""
    qs = filters.apply_students(
        Student.objects.filter(programme__team=team, status=StudentStatus.ACTIVE)
    )
    qs = with_absence_figures(qs, filters.day)
    return list(
        qs.values("programme__pathway", "study_year")
        .annotate(
            active=Count("pk"),
            absent=Count("pk", filter=Q(absent_days__gt=0)),
            alert=Count("pk", filter=absence_alert_q()),
            absent_days_sum=Sum("absent_days"),
        )
        .order_by("programme__pathway", "study_year")
    )


def cycle_figures(year: int, group: str, **scope) -> dict:
    """Review cycles (and how many are closed) and their 360 requests (and how many were
    answered) per `group` ("team" or "team__college"), in one query."""
    rows = (
        ReviewCycle.objects.filter(school_year=year, **_scope_ids(scope))
        .values(group)
        .annotate(
            cycles=Count("pk", distinct=True),
            closed=Count("pk", distinct=True, filter=Q(stage=Stage.CLOSED)),
            requests=Count("feedback_requests"),
            answered=Count("feedback_requests",
                           filter=Q(feedback_requests__answered_at__isnull=False)),
        )
        .order_by()
    )
    return {row[group]: row for row in rows}


def staff_figures(year: int, group: str, **scope) -> dict:
    """Per `group` ("team" or "team__college"): review cycles, 360 response, completed
    training hours and the mean standards self-assessment score, summed from the staff rollup
    (one query; as of the last refresh, like the other figures of these pages)."""
    field = {"team": "team_id", "team__college": "college_id"}[group]
    ids = {key.removeprefix("team__"): obj.pk for key, obj in scope.items()}
    rows = (
        TeamStaffFigures.objects.filter(school_year=year, **{f"{k}_id": v for k, v in ids.items()})
        .values(field)
        .annotate(
            cycles=Sum("cycles"), closed=Sum("closed"), requests=Sum("requests"),
            answered=Sum("answered"), training_hours=Sum("training_hours"),
            score_sum=Sum("standards_score_sum"), assessed=Sum("standards_assessed"),
        )
        .order_by()
    )
    return {
        row[field]: {
            "cycles": row["cycles"] or 0,
            "closed": row["closed"] or 0,
            "requests": row["requests"] or 0,
            "answered": row["answered"] or 0,
            "training_hours": float(row["training_hours"] or 0),
            "standards_mean": (row["score_sum"] / row["assessed"]) if row["assessed"] else None,
        }
        for row in rows
    }


def training_by_area(year: int, **scope) -> list[dict]:
    ids = {f"cycle__{k}": v for k, v in _scope_ids(scope).items()}
    return list(
        Training.objects.filter(cycle__school_year=year, **ids)
        .values("area")
        .annotate(
            completed=Sum("hours", filter=Q(status=TrainingStatus.COMPLETED)),
            planned=Sum(
                "hours",
                filter=Q(status__in=[TrainingStatus.PLANNED, TrainingStatus.IN_PROGRESS]),
            ),
        )
        .order_by("area")
    )


def standards_scores(year: int, **scope) -> list[dict]:
    """The mean self-assessment score per LOB standard (1–4)."""
    return list(
        StandardAssessment.objects.filter(school_year=year, **_scope_ids(scope))
        .values(
            standard_id=F("criterion__standard_id"),
            name=F("criterion__standard__name"),
            order=F("criterion__standard__order"),
        )
        .annotate(mean=Avg("score"), criteria=Count("pk"))
        .order_by("order", "name")
    )
