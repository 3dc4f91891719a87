"""Reads of the rollups (see models.py): sums, medians and the month trend, and when they were
computed.

The rollups change only when they are refreshed, so what is read from them is kept in Django's
cache (Redis in production) under a key made from the refresh times of the rollups read: a
refresh makes new keys, and nothing computed before it is served after it.
"""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

from ..models import RollupState, TeamMonthReach, TeamYearFigures
from ..periods import school_year_of
from .filters import Filters

SUM_FIELDS = [
    f.name
    for f in TeamYearFigures._meta.concrete_fields
    if f.get_internal_type() == "PositiveIntegerField" and f.name != "school_year"
]

# Old keys are never read again after a refresh (every 15 minutes); they only wait to expire.
CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class RollupTimes:
    """`age`: when the oldest rollup of the school year shown was computed (the age the page
    shows; None: never). `version`: the refresh times of every rollup in scope, as one short
    text: any refresh, of any school year, changes it (what the cached figures are keyed by)."""

    age: datetime.datetime | None
    version: str


def rollup_times(year: int, college_id: int | None = None) -> RollupTimes:
    """When the rollups of one college (or of all colleges) were computed (one query over a
    few rows: one per college and school year)."""
    states = RollupState.objects.order_by("college_id", "school_year")
    if college_id is not None:
        states = states.filter(college_id=college_id)
    rows = list(states.values_list("college_id", "school_year", "refreshed_at"))
    shown = [at for _college, school_year, at in rows if school_year == year]
    version = hashlib.sha256(repr(rows).encode()).hexdigest()[:20] if rows else ""
    return RollupTimes(age=min(shown) if shown else None, version=version)


def cached_figures(times: RollupTimes, key: tuple, compute: Callable[[], object]):
    """`compute()`, kept in the cache until the next refresh of the rollups (`times`)."""
    if not times.version:
        return compute()  # nothing computed yet: nothing to key it by
    parts = ("dashboards", times.version, *key)
    return cache.get_or_set(":".join(str(p) for p in parts), compute, CACHE_SECONDS)


def _rollup(model, filters: Filters, scope: dict):
    """The rollup rows of the school year and split shown, in `scope` (team or college)."""
    return filters.apply(model.objects.filter(school_year=filters.year, **scope))


def figure_sums(filters: Filters, group: list[str], **scope) -> list[dict]:
    """The rollup summed in the database per `group` (e.g. pathway and study year, or team)."""
    rows = (
        _rollup(TeamYearFigures, filters, scope)
        .values(*group)
        .annotate(**{f"sum_{f}": Sum(f) for f in SUM_FIELDS})
        .order_by(*group)
    )
    return [
        {**{g: row[g] for g in group}, **{f: row[f"sum_{f}"] or 0 for f in SUM_FIELDS}}
        for row in rows
    ]


def team_rows(filters: Filters, team, years: list[int]) -> list[dict]:
    """A team's rollup rows for some school years, one per year, pathway and study year. The
    rows are unique per team, so they are read as they are (with their days-to-triage
    histogram): one small query for the year shown and the history beside it."""
    qs = filters.apply(TeamYearFigures.objects.filter(team=team, school_year__in=years))
    return list(
        qs.values("school_year", "pathway", "study_year", "triage_days", *SUM_FIELDS)
        .order_by("school_year", "pathway", "study_year")
    )


def merged_median(histograms) -> float | None:
    merged: dict[str, int] = {}
    for histogram in histograms:
        for day, n in histogram.items():
            merged[day] = merged.get(day, 0) + n
    return median_of(merged)


def median_of(histogram: dict[str, int]) -> float | None:
    """The median of a {value: count} histogram."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted((int(k), n) for k, n in histogram.items())
    wanted = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value, n in ordered:
        while len(found) < 2 and wanted[len(found)] < seen + n:
            found.append(value)
        seen += n
    return (found[0] + found[1]) / 2


def triage_medians(filters: Filters, group: list[str], **scope) -> dict[tuple, float | None]:
    """Median days from referral to triage per `group`, merged from the rows' histograms."""
    rows = (
        _rollup(TeamYearFigures, filters, scope)
        .filter(referrals_triaged__gt=0)
        .values(*group, "triage_days")
    )
    merged: dict[tuple, dict[str, int]] = {}
    for row in rows:
        key = tuple(row[g] for g in group)
        target = merged.setdefault(key, {})
        for day, n in row["triage_days"].items():
            target[day] = target.get(day, 0) + n
    result = {key: median_of(h) for key, h in merged.items()}
    result[()] = merged_median(merged.values())
    return result


def month_trend(filters: Filters, **scope) -> list[dict]:
    """Reach per month and pathway, summed in the database."""
    return list(
        _rollup(TeamMonthReach, filters, scope)
        .values("month", "pathway")
        .annotate(active_sum=Sum("active"), seen_sum=Sum("seen"))
        .order_by("month", "pathway")
    )


def _headline(row: dict) -> dict:
    """The home pages' figures from summed rollup rows: one definition, the dashboards' own
    (reach and "not seen" as the reach table, late intakes as the intake table)."""
    return {
        **row,
        "not_seen": row["active"] - row["seen"],
        "reach": round(100 * row["seen"] / row["active"]) if row["active"] else None,
        "intake_late": row["starters"] - row["pending"] - row["on_time"],
    }


HEADLINE_SUMS = {"active": Sum("active"), "seen": Sum("seen"), "starters": Sum("starters"),
                 "on_time": Sum("intake_on_time"), "pending": Sum("intake_pending")}


def home_figures(team_ids) -> list[dict]:
    """The running school year's headline figures of some teams, from the rollup (one query)."""
    year = school_year_of(timezone.localdate())
    rows = (
        TeamYearFigures.objects.filter(team_id__in=team_ids, school_year=year)
        .values("team_id", "team__name")
        .annotate(**HEADLINE_SUMS)
        .order_by("team__name")
    )
    return [_headline(row) for row in rows]


def home_college_figures() -> list[dict]:
    """The running school year's headline figures per college (the ROC board's home), from the
    rollup (one query over the colleges' rows)."""
    year = school_year_of(timezone.localdate())
    rows = (
        TeamYearFigures.objects.filter(school_year=year)
        .values("college_id", "college__name")
        .annotate(**HEADLINE_SUMS)
        .order_by("college__name")
    )
    return [_headline(row) for row in rows]


def team_figure(filters: Filters, team, kind: str) -> int | None:
    """One headline figure ("not_seen" or "intake_late") of a team as its dashboard shows it,
    for the drill-down list beside it (None: not computed yet)."""
    row = _rollup(TeamYearFigures, filters, {"team": team}).aggregate(**HEADLINE_SUMS)
    if row["active"] is None:
        return None
    return _headline(row)[kind]
