"""The rollup refresh recomputes only the teams whose rows changed since the last one, and what
it leaves equals a full rebuild."""

import datetime
import io

import pytest
from django.core.management import call_command

from lec.services import referral_claim
from lob.dashboards import services
from lob.dashboards.models import (
    RollupState,
    TeamMonthReach,
    TeamStaffFigures,
    TeamYearFigures,
)
from lob.dashboards.selectors import cycle_figures, staff_figures
from lob.dashboards.services import dashboard_refresh
from staff.models import CompetencyFramework, ReviewCycle
from students.models import FollowUpStatus, SessionFormat, SessionKind, SessionLocation
from students.services import follow_up_close
from tests.dashboards import data
from tests.factories.students import (
    AssignmentFactory,
    ProgrammeFactory,
    StudentFactory,
    session_with,
)

pytestmark = pytest.mark.django_db


def snapshot(year=data.YEAR) -> list[tuple]:
    """Every rollup row of the year, as values (not ids)."""
    rows = []
    for model in (TeamYearFigures, TeamMonthReach):
        for row in model.objects.filter(school_year=year).values():
            row.pop("id")
            rows.append((model.__name__, tuple(sorted((k, str(v)) for k, v in row.items()))))
    return sorted(rows)


def row_ids(team) -> set[int]:
    return (set(TeamYearFigures.objects.filter(team=team, school_year=data.YEAR)
                .values_list("pk", flat=True))
            | {-pk for pk in TeamMonthReach.objects.filter(team=team, school_year=data.YEAR)
               .values_list("pk", flat=True)})


@pytest.fixture
def two_teams(d, frozen):
    """The hand-made college with a student in the second team too, fully computed."""
    programme = ProgrammeFactory(team=d.team2, name="Installatietechniek", pathway="BOL")
    d.t2_student = StudentFactory(programme=programme, study_year=1,
                                  start_date=datetime.date(2025, 9, 1))
    AssignmentFactory(student=d.t2_student, counsellor=d.counsellor,
                      start_date=datetime.date(2025, 9, 1))
    session_with(d.t2_student, counsellor=d.counsellor, held_at=data.at(2026, 3, 3),
                 format=SessionFormat.INDIVIDUAL, kind=SessionKind.CAREER,
                 location=SessionLocation.PRIVATE_ROOM)
    # Written well before the refresh: a refresh looks back CHANGE_MARGIN before the last one.
    frozen.shift(services.CHANGE_MARGIN.total_seconds() + 60)
    dashboard_refresh(school_year=data.YEAR, today=data.TODAY, full=True)
    assert row_ids(d.team) and row_ids(d.team2)
    return d


@pytest.fixture
def recomputed(monkeypatch):
    """The team ids each recomputation was asked for."""
    calls = []
    real = services.year_figures

    def spy(team_ids, year, today):
        calls.append(sorted(team_ids))
        return real(team_ids, year, today)

    monkeypatch.setattr(services, "year_figures", spy)
    return calls


def refresh_later(frozen):
    frozen.shift(15 * 60)
    dashboard_refresh(school_year=data.YEAR, today=data.TODAY)


def state(d) -> RollupState:
    return RollupState.objects.get(college=d.college, school_year=data.YEAR)


def test_a_new_session_recomputes_only_its_team(two_teams, frozen, recomputed):
    d = two_teams
    untouched = row_ids(d.team2)
    before = snapshot()
    frozen.shift(60)
    session_with(d.s6, counsellor=d.counsellor, held_at=data.at(2026, 3, 14),
                 format=SessionFormat.INDIVIDUAL, kind=SessionKind.CAREER,
                 location=SessionLocation.PRIVATE_ROOM)

    refresh_later(frozen)

    assert recomputed == [[d.team.pk]]
    assert state(d).teams_recomputed == 1
    assert row_ids(d.team2) == untouched  # the other team's rows were left alone
    incremental = snapshot()
    assert incremental != before  # s6 is seen now
    row = TeamYearFigures.objects.get(team=d.team, school_year=data.YEAR, pathway="BOL",
                                      study_year=1)
    assert (row.active, row.seen) == (4, 2)
    dashboard_refresh(school_year=data.YEAR, today=data.TODAY, full=True)
    assert snapshot() == incremental


def test_nothing_changed_recomputes_nothing(two_teams, frozen, recomputed):
    d = two_teams
    ids = row_ids(d.team) | row_ids(d.team2)

    refresh_later(frozen)

    assert recomputed == []
    assert state(d).teams_recomputed == 0
    assert row_ids(d.team) | row_ids(d.team2) == ids


def test_closing_a_follow_up_recomputes_its_students_team(two_teams, frozen, recomputed):
    d = two_teams
    frozen.shift(60)
    follow_up_close(follow_up=d.overdue, by=d.counsellor, status=FollowUpStatus.DONE)

    refresh_later(frozen)

    assert recomputed == [[d.team.pk]]
    row = TeamYearFigures.objects.get(team=d.team, school_year=data.YEAR, pathway="BOL",
                                      study_year=1)
    assert (row.follow_ups_open, row.follow_ups_overdue, row.follow_ups_done) == (1, 0, 1)
    incremental = snapshot()
    dashboard_refresh(school_year=data.YEAR, today=data.TODAY, full=True)
    assert snapshot() == incremental


def test_a_referral_transition_and_a_new_student_are_seen(two_teams, frozen, recomputed):
    d = two_teams
    frozen.shift(60)
    referral_claim(referral_id=d.s6.referrals.get().pk, user=d.lec_worker)
    StudentFactory(programme=d.t2_student.programme, study_year=1,
                   start_date=datetime.date(2026, 3, 2))

    refresh_later(frozen)

    assert recomputed == [sorted([d.team.pk, d.team2.pk])]
    incremental = snapshot()
    dashboard_refresh(school_year=data.YEAR, today=data.TODAY, full=True)
    assert snapshot() == incremental


def test_another_day_recomputes_every_team(two_teams, frozen, recomputed):
    d = two_teams
    frozen.shift(24 * 3600)
    dashboard_refresh(school_year=data.YEAR, today=data.TODAY + datetime.timedelta(days=1))

    assert recomputed == [sorted([d.team.pk, d.team2.pk])]
    assert state(d).computed_for == data.TODAY + datetime.timedelta(days=1)


def test_rollups_rebuild_recomputes_every_team(two_teams, frozen, recomputed):
    d = two_teams
    frozen.shift(60)
    call_command("rollups_rebuild", "--year", str(data.YEAR), stdout=io.StringIO())

    assert recomputed == [sorted([d.team.pk, d.team2.pk])]
    assert state(d).teams_recomputed == 2



def test_staff_figures_are_rolled_up_per_team_and_refreshed_every_time(d, frozen):
    live = cycle_figures(data.YEAR, "team", team=d.team)[d.team.pk]
    row = TeamStaffFigures.objects.get(team=d.team, school_year=data.YEAR)
    assert (row.cycles, row.closed, row.requests, row.answered) == (
        live["cycles"], live["closed"], live["requests"], live["answered"])
    assert row.cycles == 2 and row.standards_assessed > 0
    college = staff_figures(data.YEAR, "team__college")[d.college.pk]
    assert college["cycles"] == 2
    assert college["standards_mean"] == row.standards_score_sum / row.standards_assessed

    ReviewCycle.objects.create(employee=d.manager, manager=d.manager2, team=d.team,
                               school_year=data.YEAR, framework=CompetencyFramework.objects.get())
    refresh_later(frozen)  # no change time tells of a new cycle: staff rows are always redone

    assert staff_figures(data.YEAR, "team__college")[d.college.pk]["cycles"] == 3
