"""School years run from 1 August to 31 July and are named by the calendar year they start in."""

import datetime


def school_year_of(day: datetime.date) -> int:
    """The school year (its starting calendar year) that `day` falls in."""
    return day.year if day.month >= 8 else day.year - 1


def school_year_start(day: datetime.date) -> datetime.date:
    """1 August of the school year `day` falls in."""
    return datetime.date(school_year_of(day), 8, 1)


def school_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 8, 1), datetime.date(year + 1, 7, 31)


def school_year_label(year: int) -> str:
    return f"{year}-{year + 1}"
