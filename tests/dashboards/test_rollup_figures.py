"""Every figure of the rollup on the hand-made college of tests/dashboards/data.py."""

import datetime

import pytest

from lob.dashboards.models import RollupState, TeamMonthReach, TeamYearFigures
from lob.dashboards.selectors import Filters, median_of, triage_medians
from lob.dashboards.services import dashboard_refresh, dashboard_refresh_running_years
from tests.dashboards import data

pytestmark = pytest.mark.django_db

FIELDS = [
    "active", "seen", "starters", "intake_on_time", "intake_pending", "individual_sessions",
    "open_space_sessions", "spoke_freely", "not_spoke_freely", "single_counsellor",
    "counsellor_changes", "follow_ups", "follow_ups_open", "follow_ups_overdue",
    "follow_ups_done", "referrals", "referrals_open", "referrals_triaged", "referrals_ended",
    "referrals_feedback_due", "referrals_feedback_on_time", "graduated", "dropped_out", "transferred",
    "ref_out_back_in_programme", "ref_out_dropped_out", "triage_days",
]


@pytest.fixture
def d():
    d = data.build()
    dashboard_refresh(school_year=data.YEAR, today=data.TODAY)
    dashboard_refresh(school_year=data.YEAR - 1, today=data.TODAY)
    return d


def _row(d, year, pathway, study_year):
    row = TeamYearFigures.objects.get(team=d.team, school_year=year, pathway=pathway,
                                      study_year=study_year)
    return {f: getattr(row, f) for f in FIELDS}


def test_bol_first_years_figures(d):
    assert _row(d, 2025, "BOL", 1) == {
        "active": 4, "seen": 1,  # s1 seen; s2 last seen in December, s5 and s6 never
        "starters": 4, "intake_on_time": 1, "intake_pending": 1,  # s1 on time, s5 pending
        "individual_sessions": 4, "open_space_sessions": 1,  # s1 and s2: intake + one each
        "spoke_freely": 0, "not_spoke_freely": 1,
        "single_counsellor": 3, "counsellor_changes": 1,  # s2 changed counsellor
        "follow_ups": 2, "follow_ups_open": 2, "follow_ups_overdue": 1, "follow_ups_done": 0,
        "referrals": 2, "referrals_open": 1, "referrals_triaged": 1, "referrals_ended": 1,
        "referrals_feedback_due": 1, "referrals_feedback_on_time": 1,
        "graduated": 0, "dropped_out": 0, "transferred": 0,
        "ref_out_back_in_programme": 0, "ref_out_dropped_out": 0,
        "triage_days": {"2": 1},
    }


def test_bbl_second_years_figures(d):
    assert _row(d, 2025, "BBL", 2) == {
        "active": 1, "seen": 1,  # s3; s4 dropped out in January
        "starters": 0, "intake_on_time": 0, "intake_pending": 0,
        "individual_sessions": 1, "open_space_sessions": 1,  # the group lesson does not count
        "spoke_freely": 1, "not_spoke_freely": 0,
        "single_counsellor": 1, "counsellor_changes": 0,
        "follow_ups": 1, "follow_ups_open": 0, "follow_ups_overdue": 0, "follow_ups_done": 1,
        "referrals": 2, "referrals_open": 0, "referrals_triaged": 2, "referrals_ended": 2,
        "referrals_feedback_due": 2,
        "referrals_feedback_on_time": 1,  # r2's feedback came 28 days after closing
        "graduated": 0, "dropped_out": 1, "transferred": 0,
        "ref_out_back_in_programme": 1, "ref_out_dropped_out": 1,
        "triage_days": {"1": 1, "4": 1},
    }


def test_only_the_splits_that_have_students_get_a_row(d):
    assert set(TeamYearFigures.objects.filter(school_year=2025).values_list(
        "team_id", "pathway", "study_year")) == {(d.team.pk, "BOL", 1), (d.team.pk, "BBL", 2)}


def test_previous_year_uses_the_study_year_students_were_in_then(d):
    rows = {(r.pathway, r.study_year): r for r in TeamYearFigures.objects.filter(school_year=2024)}
    assert set(rows) == {("BBL", 1), ("BOL", 3)}  # s3 and s4 were first-years; s7 in year 3
    assert rows[("BOL", 3)].graduated == 1
    assert rows[("BBL", 1)].active == 2  # on 31 July 2025
    assert rows[("BBL", 1)].follow_ups_overdue == 1  # s3's follow-up due 1 July 2025


def test_month_reach_trend(d):
    reach = {
        (r.month, r.pathway): (r.active, r.seen)
        for r in TeamMonthReach.objects.filter(school_year=2025, team=d.team)
    }
    assert len({m for m, _p in reach}) == 8  # August up to March
    assert reach[(datetime.date(2026, 3, 1), "BOL")] == (4, 1)
    assert reach[(datetime.date(2026, 3, 1), "BBL")] == (1, 1)
    assert reach[(datetime.date(2026, 2, 1), "BOL")] == (3, 1)  # s5 starts in March
    assert reach[(datetime.date(2026, 2, 1), "BBL")] == (1, 0)  # s3's session is 1 March
    assert reach[(datetime.date(2025, 12, 1), "BOL")] == (3, 1)  # s2 seen 1 December
    assert reach[(datetime.date(2025, 12, 1), "BBL")] == (2, 0)


def test_median_days_to_triage_combines_histograms_exactly(d):
    filters = Filters(2025, today=data.TODAY)
    medians = triage_medians(filters, ["pathway"], team=d.team)
    assert medians[("BOL",)] == 2
    assert medians[("BBL",)] == 2.5
    assert medians[()] == 2  # 1, 2, 4


@pytest.mark.parametrize(("histogram", "median"), [
    ({}, None), ({"3": 1}, 3), ({"1": 1, "2": 1}, 1.5), ({"0": 2, "10": 1}, 0),
    ({"1": 1, "5": 2, "9": 1}, 5),
])
def test_median_of_histogram(histogram, median):
    assert median_of(histogram) == median


def test_refresh_replaces_rows_and_records_when(d):
    data.more_students(d, 3)
    dashboard_refresh(school_year=2025, today=data.TODAY)
    assert _row(d, 2025, "BOL", 1)["active"] == 7
    assert TeamYearFigures.objects.filter(school_year=2025).count() == 2
    assert RollupState.objects.get(college=d.college, school_year=2025).refreshed_at


def test_refresh_of_a_year_not_started_is_refused(d):
    with pytest.raises(ValueError):
        dashboard_refresh(school_year=2026, today=data.TODAY)
    assert not TeamYearFigures.objects.filter(school_year=2026).exists()


def test_running_years_refresh_computes_missing_years_and_the_running_one(d):
    RollupState.objects.all().delete()
    TeamYearFigures.objects.all().delete()
    dashboard_refresh_running_years(today=data.TODAY)
    years = set(RollupState.objects.values_list("school_year", flat=True))
    assert years == {2025, 2024, 2023, 2022, 2021}


def test_running_cases_past_their_feedback_term_count_for_feedback_on_time(d):
    """Issue 16: "with feedback on time" was 100% while the LEC overview counted cases waiting
    too long — only ended referrals were counted. A case in progress that was accepted more
    than the term ago owes feedback: without any in the term it is late; one with recent
    feedback is on time; one accepted within the term does not owe any yet."""
    from lec.models import Feedback, FeedbackKind, Status
    from tests.factories.lec import ReferralFactory

    def case(student, accepted_days_ago, feedback_days_ago=None):
        accepted = data.at(2026, 3, 14) - datetime.timedelta(days=accepted_days_ago)
        r = ReferralFactory(student=student, referred_by=d.counsellor, status=Status.IN_PROGRESS,
                            referred_at=accepted - datetime.timedelta(days=3),
                            triaged_at=accepted, decided_at=accepted, assigned_to=d.lec_worker,
                            status_changed_at=accepted)
        if feedback_days_ago is not None:
            at = data.at(2026, 3, 14) - datetime.timedelta(days=feedback_days_ago)
            Feedback.objects.create(referral=r, kind=FeedbackKind.PROGRESS, author=d.lec_worker,
                                    created_at=at, text="x")
            r.last_feedback_at = at
            r.save(update_fields=["last_feedback_at"])

    before = _row(d, 2025, "BOL", 1)
    case(d.s1, 40)  # no feedback for 40 days: late (the LEC overview lists it as waiting too long)
    case(d.s5, 40, feedback_days_ago=5)  # on time
    case(d.s2, 5)  # accepted 5 days ago: nothing owed yet
    dashboard_refresh(school_year=data.YEAR, today=data.TODAY)
    after = _row(d, 2025, "BOL", 1)
    assert after["referrals_feedback_due"] == before["referrals_feedback_due"] + 2
    assert after["referrals_feedback_on_time"] == before["referrals_feedback_on_time"] + 1
