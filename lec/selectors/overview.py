"""The LEC lead's overview: open cases per worker, days in each state, referrals per team and
outcomes. All aggregated in the database; a fixed number of queries."""

import datetime

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

from ..models import CASE_WORK_STATUSES, OPEN_STATUSES, QUEUE_STATUSES, Referral, Status, Transition
from .lists import feedback_overdue_q, triage_overdue_cutoff


def overview(user, *, since: datetime.date) -> dict:
    """The overview of the college of `user` (the LEC lead), referrals counted from `since`."""
    college_refs = Referral.objects.filter(college_id=user.college_id)
    period = college_refs.filter(referred_at__date__gte=since)
    return {
        "per_worker": _per_worker(college_refs),
        "states": _states(college_refs, period),
        "per_team": _per_team(period),
        "outcomes": list(period.filter(status=Status.CLOSED).values("outcome")
                         .annotate(n=Count("pk")).order_by("-n")),
        "totals": _totals(period),
    }


def _per_worker(college_refs: QuerySet[Referral]) -> list[dict]:
    return list(
        college_refs.filter(status__in=CASE_WORK_STATUSES)
        .values("assigned_to_id", "assigned_to__first_name", "assigned_to__last_name")
        .annotate(
            open=Count("pk"),
            diagnosis=Count("pk", filter=Q(status=Status.DIAGNOSIS)),
            plan=Count("pk", filter=Q(status=Status.PLAN)),
            in_progress=Count("pk", filter=Q(status=Status.IN_PROGRESS)),
            feedback_overdue=Count("pk", filter=feedback_overdue_q()),
        )
        .order_by("-open", "assigned_to__sort_name", "assigned_to__first_name")
    )


def _states(college_refs: QuerySet[Referral], period: QuerySet[Referral]) -> list[dict]:
    """Per open state: the average days spent in it (left in the period) and open now."""
    completed = {
        row["from_status"]: row["avg"]
        for row in Transition.objects.filter(referral__in=period)
        .values("from_status")
        .annotate(avg=Avg("duration"))
    }
    now = timezone.now()
    current = {
        row["status"]: row
        for row in college_refs.filter(status__in=OPEN_STATUSES)
        .values("status")
        .annotate(
            count=Count("pk"),
            avg=Avg(ExpressionWrapper(now - F("status_changed_at"), output_field=DurationField())),
        )
    }
    return [
        {
            "status": status,
            "label": Status(status).label,
            "avg_days_completed": _days(completed.get(status)),
            "open": current.get(status, {}).get("count", 0),
            "avg_days_open": _days(current.get(status, {}).get("avg")),
        }
        for status in OPEN_STATUSES
    ]


def _per_team(period: QuerySet[Referral]) -> list[dict]:
    return list(
        period.values("team__name")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            returned=Count("pk", filter=Q(status=Status.RETURNED)),
            closed=Count("pk", filter=Q(status=Status.CLOSED)),
        )
        .order_by("-total", "team__name")
    )


def _totals(period: QuerySet[Referral]) -> dict:
    return period.aggregate(
        total=Count("pk"),
        returned=Count("pk", filter=Q(status=Status.RETURNED)),
        closed=Count("pk", filter=Q(status=Status.CLOSED)),
        triage_overdue=Count(
            "pk", filter=Q(status__in=QUEUE_STATUSES, referred_at__lt=triage_overdue_cutoff())
        ),
        feedback_overdue=Count("pk", filter=feedback_overdue_q()),
    )


def _days(delta: datetime.timedelta | None) -> float | None:
    if delta is None:
        return None
    return round(delta.total_seconds() / 86400, 1)
