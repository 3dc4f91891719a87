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


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, datetime.date(2024, 3, 31)), (2025, datetime.date(2025, 4, 20)),
     (2026, datetime.date(2026, 4, 5)), (2027, datetime.date(2027, 3, 28)),
     (2038, datetime.date(2038, 4, 25))],
)
def test_easter_sunday(year, easter):
    from lec.workdays import easter_sunday

    assert easter_sunday(year) == easter


def test_the_dutch_public_holidays_of_2026_and_kings_day_moved_off_a_sunday():
    from lec.workdays import public_holidays

    d = datetime.date
    assert public_holidays(2026) == {
        d(2026, 1, 1), d(2026, 4, 6), d(2026, 4, 27), d(2026, 5, 5), d(2026, 5, 14),
        d(2026, 5, 25), d(2026, 12, 25), d(2026, 12, 26)}
    assert d(2025, 4, 26) in public_holidays(2025)  # 27 April 2025 is a Sunday
    assert d(2025, 4, 27) not in public_holidays(2025)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (datetime.date(2026, 4, 24), datetime.date(2026, 4, 28), 1),  # Fri → Tue over King's Day
        (datetime.date(2026, 4, 2), datetime.date(2026, 4, 7), 2),  # Thu → Tue over Easter Monday
        (datetime.date(2026, 12, 24), datetime.date(2027, 1, 4), 5),  # Christmas and New Year
        (datetime.date(2026, 5, 4), datetime.date(2026, 5, 15), 7),  # Liberation, Ascension Day
        (datetime.date(2026, 4, 27), datetime.date(2026, 4, 28), 1),  # from a holiday
    ],
)
def test_public_holidays_are_no_working_days(start, end, expected):
    assert working_days_between(start, end) == expected


def test_counting_and_subtracting_agree_day_by_day_over_two_years():
    from lec.workdays import is_working_day

    start = datetime.date(2025, 12, 1)
    for offset in range(0, 420, 3):
        day = start + datetime.timedelta(days=offset)
        for n in (1, 5, 6):
            cutoff = subtract_working_days(day, n)
            assert working_days_between(cutoff, day) >= n
            assert working_days_between(cutoff + datetime.timedelta(days=1), day) < n
        later = day + datetime.timedelta(days=40)
        one_by_one = sum(is_working_day(day + datetime.timedelta(days=i)) for i in range(1, 41))
        assert working_days_between(day, later) == one_by_one
