"""make bench walks each query's plan for sequential scans of large tables, and compares the
query counts of the same users between scales."""

import datetime
import zoneinfo

import pytest

from lob.dashboards import benchdata, benchpages
from lob.dashboards.benchplans import seq_scans

PLAN = {
    "Node Type": "Limit",
    "Plans": [{
        "Node Type": "Hash Join",
        "Plans": [
            {"Node Type": "Seq Scan", "Relation Name": "students_student",
             "Parallel Aware": True},
            {"Node Type": "Hash", "Plans": [
                {"Node Type": "Index Scan", "Relation Name": "lec_referral"},
                {"Node Type": "Seq Scan", "Relation Name": "students_programme"},
            ]},
        ],
    }],
}


def test_every_sequential_scan_in_the_tree_is_found():
    assert sorted(seq_scans(PLAN)) == ["students_programme", "students_student"]


def test_an_index_only_plan_has_none():
    assert seq_scans({"Node Type": "Index Scan", "Relation Name": "students_student"}) == []


def test_the_pages_have_unique_names_and_cover_every_role():
    names = [p.name for p in benchpages.PAGES]
    assert len(names) == len(set(names))
    roles = {p.role for p in benchpages.PAGES if p.name.startswith("home_")}
    assert roles == {"counsellor", "care_coordinator", "lec_worker", "lec_lead", "manager", "hr",
                     "director", "admin", "privacy_officer", "roc"}


def _page(lo, hi, **reference):
    return {"queries_min": lo, "queries_max": hi, "reference_queries": reference}


def test_query_counts_are_compared_per_user_measured_at_both_scales():
    from lob.management.commands.bench import query_count_differences

    # Another user at scale 10 has an empty list (one query fewer): not a difference...
    here = _page(8, 9, **{"a@west": 9, "b@west": 9})
    there = _page(9, 9, **{"a@west": 9, "b@west": 9, "c@west": 9})
    assert query_count_differences(here, there) == []
    # ... but one more query for the same person, nine colleges further, is.
    here = _page(9, 10, **{"a@west": 10, "b@west": 9})
    assert query_count_differences(here, there) == ["a@west: 10 here, 9 at the other scale"]


def test_without_a_user_in_common_the_ranges_are_compared():
    from lob.management.commands.bench import query_count_differences

    assert query_count_differences(_page(8, 9), _page(8, 9, **{"x@west": 9})) == []
    assert query_count_differences(_page(8, 9), _page(9, 9)) == [
        "8-9 here, 9-9 at the other scale (no user measured at both)"]
    assert query_count_differences(_page(8, 9), None) == []


def test_the_data_set_is_built_with_the_clock_at_the_start_of_the_day(monkeypatch):
    """Built at 09:05 or at 08:54 of one day, a college gets the same rows (and ids): a session
    drawn for 09:00 today must not be in one build and missing from the other."""
    seen = []

    def stop(statement, params=None):
        seen.append(params)
        raise StopIteration

    monkeypatch.setattr(benchdata, "sql", stop)
    day = datetime.date(2026, 12, 3)
    with pytest.raises(StopIteration):
        benchdata._history(1, 0, day, "x")
    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    assert seen[0]["now"] == datetime.datetime(2026, 12, 3, tzinfo=amsterdam)
    assert seen[0]["now"] == benchdata.data_now(day)


@pytest.mark.django_db
def test_the_day_the_data_set_was_built_is_that_of_its_roc_user():
    from tests.factories.staff import UserFactory

    assert benchdata.built_on() is None
    # 23:30 UTC is already the next day in Amsterdam.
    UserFactory(email=benchdata.ROC_USER, college=None,
                date_joined=datetime.datetime(2026, 12, 2, 23, 30, tzinfo=datetime.UTC))
    assert benchdata.built_on() == datetime.date(2026, 12, 3)
