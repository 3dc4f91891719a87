"""Writes of the dashboards app: refreshing the rollups (see models.py)."""

import datetime
import time

from django.db import transaction
from django.utils import timezone

from staff.models import College, Team

from .changes import changed_teams
from .figures import month_reach, staff_year_figures, year_figures
from .models import RollupState, TeamMonthReach, TeamStaffFigures, TeamYearFigures
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
    """Bring one school year's rollup rows up to date, one college at a time, each in its own
    transaction. Only the teams whose source rows changed since the college's last refresh are
    recomputed (`changes.changed_teams`); every team when `full`, when the college's year was
    never computed, or when it was computed for another day (the figures move with the day).
    The college's RollupState row is locked first, so two refreshes of the same college run
    one after the other. Returns the number of figure rows written."""
    today = today or timezone.localdate()
    if school_year > school_year_of(today):
        raise ValueError("cannot compute figures for a school year that has not started")
    colleges = College.objects.order_by("pk")
    if college_ids is not None:
        colleges = colleges.filter(pk__in=college_ids)
    written = 0
    for college_id in colleges.values_list("pk", flat=True):
        started = time.monotonic()
        started_at = timezone.now()
        with transaction.atomic():
            state, _ = RollupState.objects.get_or_create(
                college_id=college_id,
                school_year=school_year,
                defaults={"refreshed_at": started_at},
            )
            state = RollupState.objects.select_for_update().get(pk=state.pk)
            team_ids = set(Team.objects.filter(college_id=college_id).values_list("pk", flat=True))
            if full or state.computed_for != today:
                teams = team_ids
            else:
                teams = team_ids & changed_teams(college_id, state.refreshed_at - CHANGE_MARGIN)
            if teams:
                written += _recompute(college_id, school_year, sorted(teams), today)
            # The staff figures have no change times; a few grouped queries on the college's
            # cycles of the year recompute them every time.
            _recompute_staff(college_id, school_year, sorted(team_ids))
            RollupState.objects.filter(pk=state.pk).update(
                refreshed_at=started_at,
                computed_for=today,
                duration_ms=round((time.monotonic() - started) * 1000),
                teams_recomputed=len(teams),
            )
    return written


def _recompute_staff(college_id: int, school_year: int, team_ids: list[int]) -> None:
    figures = staff_year_figures(team_ids, school_year)
    TeamStaffFigures.objects.filter(school_year=school_year, team_id__in=team_ids).delete()
    TeamStaffFigures.objects.bulk_create([
        TeamStaffFigures(team_id=team_id, college_id=college_id, school_year=school_year,
                         **values)
        for team_id, values in figures.items()
    ])


def _recompute(college_id: int, school_year: int, team_ids: list[int],
               today: datetime.date) -> int:
    """Replace the rollup rows of `team_ids` in one school year by freshly computed ones."""
    figures = year_figures(team_ids, school_year, today)
    reach = month_reach(team_ids, school_year, today)
    TeamYearFigures.objects.filter(school_year=school_year, team_id__in=team_ids).delete()
    TeamMonthReach.objects.filter(school_year=school_year, team_id__in=team_ids).delete()
    TeamYearFigures.objects.bulk_create(
        [
            TeamYearFigures(
                team_id=team_id, college_id=college_id, school_year=school_year,
                pathway=pathway, study_year=study_year, **values,
            )
            for (team_id, pathway, study_year), values in figures.items()
        ],
        batch_size=1000,
    )
    TeamMonthReach.objects.bulk_create(
        [
            TeamMonthReach(
                team_id=team_id, college_id=college_id, school_year=school_year,
                month=month, pathway=pathway, study_year=study_year, **values,
            )
            for ((team_id, pathway, study_year), month), values in reach.items()
        ],
        batch_size=1000,
    )
    return len(figures)


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
    computed = set(RollupState.objects.values_list("school_year", flat=True).distinct())
    years.update(y for y in shown_years(today) if y not in computed)
    return sum(dashboard_refresh(school_year=y, today=today) for y in sorted(years))
