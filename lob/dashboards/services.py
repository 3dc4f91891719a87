"""Writes of the dashboards app: refreshing the rollups (see models.py)."""

import datetime
import time

from django.db import transaction
from django.utils import timezone

from staff.models import College, Team

from .changes import changed_students
from .facts import facts_recompute, teams_sum
from .figures import staff_year_figures
from .models import RollupState, StudentYearFacts, TeamStaffFigures
from .periods import school_year_of

# A write is seen by the refresh that starts after it commits; a transaction that began
# before a refresh started may commit after it read, so the next refresh looks back this much
# further than the previous one's start.
CHANGE_MARGIN = datetime.timedelta(minutes=10)


def dashboard_refresh(
    *,
    school_year: int,
    college_ids: list[int] | None = None,
    today: datetime.date | None = None,
    full: bool = False,
) -> int:
    """Bring one school year's rollup rows of some colleges (every college when None) up to
    date, in one transaction. The colleges' RollupState rows are locked first, in college
    order, so two refreshes of the same college run one after the other.

    The facts of every student are recomputed for a college whose year was never computed or
    was computed for another day (the figures move with the day), and for every college when
    `full`; elsewhere only those of the students whose records changed since the college's
    last refresh (`changes.changed_students`). Then only the teams these students were or are
    counted in are summed again (`facts.py`). Each step is a few set-based queries for all
    the colleges together. Returns the number of TeamYearFigures rows written."""
    today = today or timezone.localdate()
    if school_year > school_year_of(today):
        raise ValueError("cannot compute figures for a school year that has not started")
    started = time.monotonic()
    started_at = timezone.now()
    with transaction.atomic():
        states = _locked_states(school_year, college_ids, started_at)
        team_college = dict(Team.objects.filter(college_id__in=list(states))
                            .values_list("pk", "college_id"))

        def teams_of(colleges) -> list[int]:
            return sorted(t for t, c in team_college.items() if c in colleges)

        everything = {c for c, state in states.items() if full or state.computed_for != today}
        since = {c: state.refreshed_at - CHANGE_MARGIN for c, state in states.items()
                 if c not in everything}
        recomputed = set()  # (student, team)
        if everything:
            recomputed |= facts_recompute(school_year, teams_of(everything), team_college,
                                          today)
        students = changed_students(since) if since else set()
        if students:
            recomputed |= facts_recompute(school_year, teams_of(since), team_college, today,
                                          students)
        # Every team of a college recomputed altogether: one without facts loses its rows.
        teams = {team for _student, team in recomputed} | set(teams_of(everything))
        written = teams_sum(school_year, sorted(teams), team_college, today) if teams else 0
        # The staff figures have no change times; a few grouped queries on the colleges'
        # cycles of the year recompute them every time.
        _recompute_staff(school_year, team_college)
        duration_ms = round((time.monotonic() - started) * 1000)
        for college_id, state in states.items():
            state.refreshed_at, state.computed_for = started_at, today
            state.duration_ms = duration_ms
            state.students_recomputed = len({s for s, t in recomputed
                                             if team_college[t] == college_id})
            state.teams_recomputed = sum(team_college[t] == college_id for t in teams)
        RollupState.objects.bulk_update(
            states.values(),
            ["refreshed_at", "computed_for", "duration_ms", "students_recomputed",
             "teams_recomputed"],
        )
    return written


def _locked_states(school_year: int, college_ids: list[int] | None,
                   started_at: datetime.datetime) -> dict[int, RollupState]:
    """The colleges' RollupState rows of the school year, made where missing (never
    computed), locked in college order."""
    colleges = College.objects.order_by("pk")
    if college_ids is not None:
        colleges = colleges.filter(pk__in=college_ids)
    ids = list(colleges.values_list("pk", flat=True))
    RollupState.objects.bulk_create(
        [RollupState(college_id=c, school_year=school_year, refreshed_at=started_at)
         for c in ids],
        ignore_conflicts=True,
    )
    locked = (RollupState.objects.select_for_update()
              .filter(school_year=school_year, college_id__in=ids).order_by("college_id"))
    return {state.college_id: state for state in locked}


def _recompute_staff(school_year: int, team_college: dict[int, int]) -> None:
    figures = staff_year_figures(list(team_college), school_year)
    TeamStaffFigures.objects.filter(school_year=school_year,
                                    team_id__in=list(team_college)).delete()
    TeamStaffFigures.objects.bulk_create([
        TeamStaffFigures(team_id=team_id, college_id=team_college[team_id],
                         school_year=school_year, **values)
        for team_id, values in figures.items()
    ])


def dashboard_refresh_running_years(*, today: datetime.date | None = None) -> int:
    """The incremental refresh run by Celery beat: the running school year, plus the previous
    one during August (late entries for the year that just ended still come in), plus any
    shown year that has never been computed."""
    from .periods import shown_years

    today = today or timezone.localdate()
    current = school_year_of(today)
    years = {current}
    if today.month == 8:
        years.add(current - 1)
    running = set(years)
    computed = set(RollupState.objects.values_list("school_year", flat=True).distinct())
    years.update(y for y in shown_years(today) if y not in computed)
    written = sum(dashboard_refresh(school_year=y, today=today) for y in sorted(years))
    facts_purge(keep=running)
    return written


def facts_purge(*, keep: set[int]) -> None:
    """Drop the per-student facts of the school years no longer refreshed as they change (the
    teams' figures stay as they were summed): a row per student is kept only while it is
    needed. A later refresh of such a year recomputes every student."""
    years = set(StudentYearFacts.objects.exclude(school_year__in=keep)
                .values_list("school_year", flat=True).distinct())
    if years:
        with transaction.atomic():
            RollupState.objects.filter(school_year__in=years).update(computed_for=None)
            StudentYearFacts.objects.filter(school_year__in=years).delete()
