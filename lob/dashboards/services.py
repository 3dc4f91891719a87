"""Writes of the dashboards app: refreshing the rollups (see models.py)."""

import datetime
import time

from django.db import transaction
from django.utils import timezone

from staff.models import College, Team

from .figures import month_reach, year_figures
from .models import RollupState, TeamMonthReach, TeamYearFigures
from .periods import school_year_of


def dashboard_refresh(
    *,
    school_year: int,
    college_ids: list[int] | None = None,
    today: datetime.date | None = None,
) -> int:
    """Recompute one school year's rollup rows, one college at a time, each in its own
    transaction. The college's RollupState row is locked first, so two refreshes of the same
    college run one after the other. Returns the number of figure rows written."""
    today = today or timezone.localdate()
    if school_year > school_year_of(today):
        raise ValueError("cannot compute figures for a school year that has not started")
    colleges = College.objects.order_by("pk")
    if college_ids is not None:
        colleges = colleges.filter(pk__in=college_ids)
    written = 0
    for college_id in colleges.values_list("pk", flat=True):
        started = time.monotonic()
        with transaction.atomic():
            state, _ = RollupState.objects.get_or_create(
                college_id=college_id,
                school_year=school_year,
                defaults={"refreshed_at": timezone.now()},
            )
            RollupState.objects.select_for_update().get(pk=state.pk)
            team_ids = list(Team.objects.filter(college_id=college_id).values_list("pk", flat=True))
            figures = year_figures(team_ids, school_year, today)
            reach = month_reach(team_ids, school_year, today)
            TeamYearFigures.objects.filter(college_id=college_id, school_year=school_year).delete()
            TeamMonthReach.objects.filter(college_id=college_id, school_year=school_year).delete()
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
            RollupState.objects.filter(pk=state.pk).update(
                refreshed_at=timezone.now(),
                duration_ms=round((time.monotonic() - started) * 1000),
            )
            written += len(figures)
    return written


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
