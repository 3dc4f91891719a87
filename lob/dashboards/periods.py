"""School years (1 August – 31 July) and the dates the figures are taken at."""

import datetime

from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Greatest
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from common.schoolyear import school_year_bounds as year_bounds
from common.schoolyear import school_year_label as year_label
from common.schoolyear import school_year_of

__all__ = ["school_year_of", "year_bounds", "year_label"]

# How many school years the dashboards look back (DESIGN §7: five years of history).
YEARS_SHOWN = 5


def reference_date(year: int, today: datetime.date) -> datetime.date:
    """The day a school year's snapshot figures are taken at: today, or its last day."""
    return min(today, year_bounds(year)[1])


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def day_end(day: datetime.date) -> datetime.datetime:
    """Midnight at the end of `day` (exclusive bound)."""
    return day_start(day + datetime.timedelta(days=1))


def shown_years(today: datetime.date) -> list[int]:
    current = school_year_of(today)
    return list(range(current, current - YEARS_SHOWN, -1))


def months_of(year: int, today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """(first day, reference day) of each month of the school year up to today."""
    result = []
    first = datetime.date(year, 8, 1)
    for _ in range(12):
        if first > today:
            break
        following = datetime.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        result.append((first, min(today, following - datetime.timedelta(days=1))))
        first = following
    return result


def study_year_in(year: int, today: datetime.date, prefix: str = ""):
    """The study year a student was in during `year`, derived in SQL from the register's
    current (or last) study year: one year less for every school year since."""
    end = Coalesce(F(f"{prefix}end_date"), Value(today))
    last_year = ExtractYear(end) - Case(
        When(GreaterThanOrEqual(ExtractMonth(end), 8), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return Greatest(
        Value(1),
        F(f"{prefix}study_year") - (last_year - Value(year)),
        output_field=IntegerField(),
    )
