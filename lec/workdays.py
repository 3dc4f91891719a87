"""Working days (Monday to Friday) for the LEC's thresholds. Public holidays are not counted out."""

import datetime


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days that passed from `start` to `end`: a referral made on Friday is one
    working day old on Monday. Zero when `end` is not after `start`."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if is_working_day(start + datetime.timedelta(days=offset + weeks * 7)):
            count += 1
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
