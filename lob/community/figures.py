"""The team dashboard's community figures: materials used in the team's groups per month of the
school year, and the materials used most (each linked to its page)."""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from common.schoolyear import school_year_bounds

from .models import Material
from .selectors import team_material_uses


def team_community_figures(team, year: int) -> dict:
    start, end = school_year_bounds(year)
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, zone)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
    uses = team_material_uses(team, since, until)
    per_month = dict(uses.annotate(month=TruncMonth("used_at", tzinfo=zone)).values("month")
                     .annotate(n=Count("pk")).values_list("month", "n"))
    top = list(uses.values("material_id").annotate(n=Count("pk")).order_by("-n", "material_id")[:5])
    titles = dict(Material.objects.filter(pk__in=[r["material_id"] for r in top])
                  .values_list("pk", "title"))
    months, day, today = [], start, timezone.localdate()
    while day <= min(end, today):
        months.append((day, per_month.get(datetime.datetime.combine(day, datetime.time.min,
                                                                    zone), 0)))
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return {
        "uses_per_month": months,
        "uses_total": sum(n for _m, n in months),
        "top": [(r["material_id"], titles.get(r["material_id"], ""), r["n"]) for r in top],
    }
