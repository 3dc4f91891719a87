"""Working days for the LEC's thresholds: Monday to Friday, except the Dutch public holidays.

The holidays are those of the Algemene termijnenwet (art. 3), on which a college is closed:
New Year's Day, Easter Monday, King's Day (27 April, the 26th when the 27th is a Sunday),
Liberation Day (5 May), Ascension Day, Whit Monday, and Christmas Day and Boxing Day. Easter
Sunday and Whit Sunday fall on a Sunday anyway. School holidays are not counted out: the LEC
is staffed then.
"""

import datetime
from functools import lru_cache


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own name)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[datetime.date]:
    easter = easter_sunday(year)
    kings_day = datetime.date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = datetime.date(year, 4, 26)
    return frozenset({
        datetime.date(year, 1, 1),
        easter + datetime.timedelta(days=1),  # Easter Monday
        kings_day,
        datetime.date(year, 5, 5),
        easter + datetime.timedelta(days=39),  # Ascension Day
        easter + datetime.timedelta(days=50),  # Whit Monday
        datetime.date(year, 12, 25),
        datetime.date(year, 12, 26),
    })


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days that passed from `start` to `end`: a referral made on Friday is one
    working day old on Monday. Zero when `end` is not after `start`."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + datetime.timedelta(days=offset + weeks * 7)).weekday() < 5:
            count += 1
    # Public holidays on a weekday in (start, end] are no working days.
    for year in range(start.year, end.year + 1):
        count -= sum(1 for day in public_holidays(year)
                     if start < day <= end and day.weekday() < 5)
    return count


def subtract_working_days(day: datetime.date, n: int) -> datetime.date:
    """The latest date `d` with working_days_between(d, day) >= n (for database filters)."""
    if n <= 0:
        return day
    current = day
    counted = 0
    while counted < n:
        if is_working_day(current):
            counted += 1
        current -= datetime.timedelta(days=1)
    return current
