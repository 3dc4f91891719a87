import datetime

import pytest

from lec.workdays import subtract_working_days, working_days_between

FRI = datetime.date(2026, 11, 27)
MON = datetime.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (FRI, FRI, 0),
        (FRI, FRI + datetime.timedelta(days=1), 0),  # Saturday
        (FRI, MON, 1),
        (MON, MON + datetime.timedelta(days=4), 4),  # Friday
        (MON, MON + datetime.timedelta(days=7), 5),
        (MON, MON + datetime.timedelta(days=14), 10),
        (FRI, FRI + datetime.timedelta(days=10), 6),
        (MON, FRI, 0),  # end before start
    ],
)
def test_working_days_count_monday_to_friday(start, end, expected):
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize("n", [1, 2, 5, 6, 11])
@pytest.mark.parametrize("day", [FRI, MON, FRI + datetime.timedelta(days=1)])
def test_subtract_working_days_is_the_latest_day_that_old(day, n):
    cutoff = subtract_working_days(day, n)
    assert working_days_between(cutoff, day) >= n
    assert working_days_between(cutoff + datetime.timedelta(days=1), day) < n
