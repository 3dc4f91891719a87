"""The rollup refresh recomputes only the students whose records changed since the last one and
sums again only the teams they were or are counted in; what it leaves equals a full rebuild."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from lec.services import referral_claim
from lob.dashboards import services
from lob.dashboards.models import (
    RollupState,
    StudentYearFacts,
    TeamMonthReach,
    TeamStaffFigures,
    TeamYearFigures,
)
from lob.dashboards.selectors import cycle_figures, staff_figures
from lob.dashboards.services import dashboard_refresh, dashboard_refresh_running_years
from lob.privacy.erasure import erase_records
from staff.models import CompetencyFramework, ReviewCycle
from students.models import FollowUpStatus, SessionFormat, SessionKind, SessionLocation
from students.services import SessionContent, follow_up_close, session_update
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
    for model in (TeamYearFigures, TeamMonthReach, StudentYearFacts):
        for row in model.objects.filter(school_year=year).values():
            row.pop("id")
            rows.append((model.__name__, tuple(sorted((k, str(v)) for k, v in row.items()))))
    return sorted(rows)


def row_ids(team) -> set[int]:
    return (set(TeamYearFigures.objects.filter(team=team, school_year=data.YEAR)
                .values_list("pk", flat=True))
            | {-pk for pk in TeamMonthReach.objects.filter(team=team, school_year=data.YEAR)
               .values_list("pk", flat=True)})


def fact_ids(*students) -> set[int]:
    return set(StudentYearFacts.objects.filter(
        school_year=data.YEAR, student_id__in=[s.pk for s in students]
    ).values_list("pk", flat=True))


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
    """What each refresh recomputed: the students whose facts were recomputed (None: all)
    and the teams summed again."""
    calls = SimpleNamespace(students=[], teams=[])
    real_facts, real_sum = services.facts_recompute, services.teams_sum

    def facts_spy(school_year, team_ids, team_college, today, students=None):
        calls.students.append(None if students is None else sorted(students))
        return real_facts(school_year, team_ids, team_college, today, students)

    def sum_spy(school_year, team_ids, team_college, today):
        calls.teams.append(sorted(team_ids))
        return real_sum(school_year, team_ids, team_college, today)

    monkeypatch.setattr(services, "facts_recompute", facts_spy)
    monkeypatch.setattr(services, "teams_sum", sum_spy)
    return calls


def refresh_later(frozen):
    frozen.shift(15 * 60)
    dashboard_refresh(school_year=data.YEAR, today=data.TODAY)


def assert_as_a_full_rebuild():
    """The rows the incremental refresh left are those a full rebuild writes."""
    incremental = snapshot()
    dashboard_refresh(school_year=data.YEAR, today=data.TODAY, full=True)
    assert snapshot() == incremental


def state(d) -> RollupState:
    return RollupState.objects.get(college=d.college, school_year=data.YEAR)


def individual(student, counsellor, when):
    return session_with(student, counsellor=counsellor, held_at=when,
                        format=SessionFormat.INDIVIDUAL, kind=SessionKind.CAREER,
                        location=SessionLocation.PRIVATE_ROOM)


def test_a_new_session_recomputes_only_its_student_and_team(two_teams, frozen, recomputed):
    d = two_teams
    untouched = row_ids(d.team2)
    others = fact_ids(d.s1, d.s2, d.s3, d.t2_student)
    before = snapshot()
    frozen.shift(60)
    individual(d.s6, d.counsellor, data.at(2026, 3, 14))

    refresh_later(frozen)

    assert recomputed.students == [[d.s6.pk]]
    assert recomputed.teams == [[d.team.pk]]
    assert (state(d).students_recomputed, state(d).teams_recomputed) == (1, 1)
    assert row_ids(d.team2) == untouched  # the other team's rows were left alone
    assert fact_ids(d.s1, d.s2, d.s3, d.t2_student) == others  # and the other students'
    assert snapshot() != before  # s6 is seen now
    row = TeamYearFigures.objects.get(team=d.team, school_year=data.YEAR, pathway="BOL",
                                      study_year=1)
    assert (row.active, row.seen) == (4, 2)
    march = TeamMonthReach.objects.get(team=d.team, month=datetime.date(2026, 3, 1),
                                       pathway="BOL", study_year=1)
    assert (march.active, march.seen) == (4, 2)
    assert_as_a_full_rebuild()


def test_mixed_writes_give_the_rows_of_a_full_rebuild(two_teams, frozen, recomputed):
    """New sessions, a session moved to another month, sessions erased and students moved to
    the other team: only the students written are recomputed, and the rows are those of a
    full rebuild."""
    d = two_teams
    before = snapshot()
    frozen.shift(60)
    individual(d.s6, d.counsellor, data.at(2026, 3, 14))
    individual(d.t2_student, d.counsellor, data.at(2026, 3, 13))
    # s1's February session moved to December: s1 is no longer seen in March.
    session = d.session_s1
    session_update(session=session, by=d.counsellor, content=SessionContent(
        held_at=data.at(2025, 12, 20), duration_minutes=session.duration_minutes,
        kind=session.kind, location=session.location))
    # s2's sessions erased (their intake and open-space session go; s2 stays).
    erase_records(d.s2, kinds={"first_line"})
    # s3 and s5 move to a programme of the other team: s5 leaves nothing behind in Zorg A,
    # s3's open-space session stays Zorg A's.
    for student in (d.s3, d.s5):
        student.programme = d.t2_student.programme
        student.save()

    refresh_later(frozen)

    assert recomputed.students == [sorted(s.pk for s in (d.s1, d.s2, d.s3, d.s5, d.s6,
                                                          d.t2_student))]
    assert recomputed.teams == [sorted([d.team.pk, d.team2.pk])]
    assert snapshot() != before
    bol = TeamYearFigures.objects.get(team=d.team, school_year=data.YEAR, pathway="BOL",
                                      study_year=1)
    # s1 (now December), s2 (no sessions left), s6 (seen on 14 March); s5 has left.
    assert (bol.active, bol.seen, bol.intake_pending, bol.individual_sessions,
            bol.not_spoke_freely) == (3, 1, 0, 3, 0)
    first_years = TeamYearFigures.objects.get(team=d.team2, school_year=data.YEAR,
                                              pathway="BOL", study_year=1)
    assert (first_years.active, first_years.intake_pending) == (2, 1)  # with s5
    moved = TeamYearFigures.objects.get(team=d.team2, school_year=data.YEAR, pathway="BOL",
                                        study_year=2)
    assert (moved.active, moved.seen) == (1, 1)  # s3 counts in Techniek A now
    # s3's open-space session stays with the team that held it.
    assert TeamYearFigures.objects.get(team=d.team, school_year=data.YEAR, pathway="BOL",
                                       study_year=2).open_space_sessions == 1
    assert_as_a_full_rebuild()


def test_a_student_moved_to_another_team_leaves_the_old_teams_figures(two_teams, frozen,
                                                                      recomputed):
    d = two_teams
    frozen.shift(60)
    d.s5.programme = d.t2_student.programme
    d.s5.save()

    refresh_later(frozen)

    assert recomputed.students == [[d.s5.pk]]
    assert recomputed.teams == [sorted([d.team.pk, d.team2.pk])]  # where s5 was, and is
    bol = TeamYearFigures.objects.get(team=d.team, school_year=data.YEAR, pathway="BOL",
                                      study_year=1)
    assert (bol.active, bol.starters, bol.intake_pending) == (3, 3, 0)
    assert_as_a_full_rebuild()


def test_nothing_changed_recomputes_nothing(two_teams, frozen, recomputed):
    d = two_teams
    ids = row_ids(d.team) | row_ids(d.team2)

    refresh_later(frozen)

    assert recomputed.students == [] and recomputed.teams == []
    assert (state(d).students_recomputed, state(d).teams_recomputed) == (0, 0)
    assert row_ids(d.team) | row_ids(d.team2) == ids


def test_closing_a_follow_up_recomputes_its_student(two_teams, frozen, recomputed):
    d = two_teams
    frozen.shift(60)
    follow_up_close(follow_up=d.overdue, by=d.counsellor, status=FollowUpStatus.DONE)

    refresh_later(frozen)

    assert recomputed.students == [[d.s1.pk]]
    row = TeamYearFigures.objects.get(team=d.team, school_year=data.YEAR, pathway="BOL",
                                      study_year=1)
    assert (row.follow_ups_open, row.follow_ups_overdue, row.follow_ups_done) == (1, 0, 1)
    assert_as_a_full_rebuild()


def test_a_referral_transition_and_a_new_student_are_seen(two_teams, frozen, recomputed):
    d = two_teams
    frozen.shift(60)
    referral_claim(referral_id=d.s6.referrals.get().pk, user=d.lec_worker)
    new = StudentFactory(programme=d.t2_student.programme, study_year=1,
                         start_date=datetime.date(2026, 3, 2))

    refresh_later(frozen)

    assert recomputed.students == [sorted([d.s6.pk, new.pk])]
    assert recomputed.teams == [sorted([d.team.pk, d.team2.pk])]
    assert_as_a_full_rebuild()


def test_another_day_recomputes_every_student(two_teams, frozen, recomputed):
    d = two_teams
    frozen.shift(24 * 3600)
    dashboard_refresh(school_year=data.YEAR, today=data.TODAY + datetime.timedelta(days=1))

    assert recomputed.students == [None]
    assert recomputed.teams == [sorted([d.team.pk, d.team2.pk])]
    assert state(d).computed_for == data.TODAY + datetime.timedelta(days=1)


def test_rollups_rebuild_recomputes_every_student(two_teams, frozen, recomputed):
    d = two_teams
    frozen.shift(60)
    call_command("rollups_rebuild", "--year", str(data.YEAR), stdout=io.StringIO())

    assert recomputed.students == [None]
    assert recomputed.teams == [sorted([d.team.pk, d.team2.pk])]
    assert state(d).teams_recomputed == 2


@pytest.mark.usefixtures("two_teams")
def test_facts_are_kept_for_the_running_year_only(frozen, recomputed):
    """The beat drops the per-student facts of the years it no longer refreshes; their team
    rows stay, and a later refresh of such a year recomputes every student."""
    past = data.YEAR - 1
    assert StudentYearFacts.objects.filter(school_year=past).exists()
    rows = {m.__name__: list(m.objects.filter(school_year=past).values())
            for m in (TeamYearFigures, TeamMonthReach)}
    frozen.shift(60)

    dashboard_refresh_running_years(today=data.TODAY)

    assert set(StudentYearFacts.objects.values_list("school_year", flat=True)) == {data.YEAR}
    assert rows == {m.__name__: list(m.objects.filter(school_year=past).values())
                    for m in (TeamYearFigures, TeamMonthReach)}
    recomputed.students.clear()
    dashboard_refresh(school_year=past, today=data.TODAY)
    assert recomputed.students == [None]
    assert StudentYearFacts.objects.filter(school_year=past).exists()


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
