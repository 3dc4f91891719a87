"""The team dashboard's workplace figures: placement visits per month of the school year and the
current placements that had no visit this period. One team's rows only, through the indexes on
(team, held_at) and (student, start_date)."""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from common.schoolyear import school_year_bounds
from students.models import GuidanceSession, SessionKind

from .models import Placement
from .selectors import with_last_visit


def team_workplace_figures(team, year: int) -> dict:
    start, end = school_year_bounds(year)
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, zone)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
    per_month = dict(
        GuidanceSession.objects.filter(team=team, kind=SessionKind.PLACEMENT_VISIT,
                                       held_at__gte=since, held_at__lt=until)
        .annotate(month=TruncMonth("held_at", tzinfo=zone)).values("month")
        .annotate(n=Count("pk")).values_list("month", "n")
    )
    months = []
    day = start
    today = timezone.localdate()
    while day <= min(end, today):
        moment = datetime.datetime.combine(day, datetime.time.min, zone)
        months.append((day, per_month.get(moment, 0)))
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    current = Placement.objects.current().filter(student__programme__team=team,
                                                 student__status="active")
    return {
        "visits_per_month": months,
        "visits_total": sum(n for _month, n in months),
        "placed": current.count(),
        "visit_due": with_last_visit(current).filter(visit_due=True).count(),
    }
