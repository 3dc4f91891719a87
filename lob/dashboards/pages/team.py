"""The team dashboard: one function per card, in the order of the page (TEAM_CARDS)."""

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lec.models import Outcome as ReferralOutcome
from lob.dossier.selectors import team_competency_progress
from lob.feedback.selectors import team_aggregate
from staff.models import Team, TrainingArea
from staff.selectors import cycles_completed_share

from .. import charts, selectors
from ..models import REFERRAL_OUTCOME_FIELDS
from ..periods import months_of, shown_years, year_label
from ..selectors import Filters, RollupTimes
from ..tables import Cell, Table, num, pct, ratio, text
from .cards import Card, derive, share, total


@dataclass
class TeamFigures:
    """What the team's cards are made of: the rollup rows of the year shown (per pathway and
    study year) with their total, the totals of the years beside it, and the month trend."""

    team: Team
    filters: Filters
    years: list[int]
    rows: list[dict]
    total: dict | None
    per_year: dict[int, dict]
    trend: list[dict]
    drill_paths: dict[str, str] = dataclasses.field(default_factory=dict)

    def drill(self, kind: str, filters: Filters | None = None, **extra) -> str:
        """The link to the list behind a figure."""
        filters = filters or self.filters
        params = {"year": filters.year}
        if filters.pathway:
            params["pathway"] = filters.pathway
        if filters.study_year:
            params["study_year"] = filters.study_year
        params.update({k: v for k, v in extra.items() if v not in (None, "")})
        return f"{self.drill_path(kind)}?{urlencode(params)}"

    def drill_path(self, kind: str) -> str:
        """The drill-down's path for `kind`, reversed once per page (a card links every cell)."""
        if kind not in self.drill_paths:
            self.drill_paths[kind] = reverse("dashboards:drill", args=(self.team.pk, kind))
        return self.drill_paths[kind]

    def split_table(self, key: str, title: str, columns: list[str],
                    cells: Callable[[dict, Filters], list], note: str = "") -> Table:
        """A table with a row per pathway and study year and a total: `cells(row, filters)`
        gives a row's figures, `filters` narrowed to the row (for its drill-down links)."""
        table = Table(key, title, [_("Pathway"), _("Study year"), *columns], note=note)
        for row in self.rows:
            split = Filters(self.filters.year, row["pathway"], row["study_year"],
                            self.filters.today)
            table.add(row["pathway"], str(row["study_year"]), *cells(row, split))
        if self.total:
            table.total(_("Total"), "", *cells(self.total, self.filters))
        return table


def team_figures(team: Team, filters: Filters, times: RollupTimes) -> TeamFigures:
    """The team's rollup figures, from the cache until the next refresh of the rollups."""
    years = shown_years(filters.day)
    read = sorted({*years, filters.year})

    def compute():
        return {"rows": selectors.team_rows(filters, team, read),
                "trend": selectors.month_trend(filters, team=team)}

    key = ("team", team.pk, *filters.key, ",".join(map(str, read)))
    cached = selectors.cached_figures(times, key, compute)
    rows = [derive(r) for r in cached["rows"] if r["school_year"] == filters.year]
    per_year = {
        year: total([r for r in cached["rows"] if r["school_year"] == year])
        for year in {r["school_year"] for r in cached["rows"]}
    }
    return TeamFigures(team=team, filters=filters, years=years, rows=rows,
                       total=derive(total(rows)) if rows else None, per_year=per_year,
                       trend=cached["trend"])


def reach_card(f: TeamFigures) -> Card:
    def cells(row, split):
        return [num(row["active"]), num(row["seen"]), pct(row["seen"], row["active"]),
                num(row["not_seen"], f.drill("not_seen", split)), num(row["starters"]),
                num(row["intake_on_time"]), pct(row["intake_on_time"], row["intake_decided"]),
                num(row["intake_late"], f.drill("intake_late", split))]

    weeks = settings.LOB_NOT_SEEN_WEEKS
    return Card(f.split_table(
        "reach", _("Reach and intake"),
        [_("Active students"), _("Seen individually (last %(weeks)s weeks)") % {"weeks": weeks},
         _("Reach"), _("Not seen"), _("Started this year"), _("Intake on time"),
         _("Intake on time (%)"), _("Intake late or missing")],
        cells, note=_("Reach is counted at %(day)s.") % {"day": date_format(f.filters.reference)},
    ))


def attendance_card(f: TeamFigures) -> Card:
    """Attendance beside reach: unexcused absence now (the alert window), per pathway and
    study year (live, not from the rollup)."""
    rows = selectors.attendance_per_split(f.team, f.filters)
    weeks = settings.LOB_ABSENCE_WINDOW_WEEKS
    table = Table("attendance", _("Attendance (now)"), [
        _("Pathway"), _("Study year"), _("Active students"),
        _("Absent without excuse (last %(weeks)s weeks)") % {"weeks": weeks},
        _("Above the absence threshold"), _("Above the threshold (%)"),
        _("Days absent without excuse per student"),
    ], note=_("Counted today; a day counts when the student missed it, or a lesson of it, without excuse. Threshold: %(days)s days in %(weeks)s weeks, or rising.") % {
        "days": settings.LOB_ABSENCE_ALERT_DAYS, "weeks": weeks})

    def cells(row):
        per_student = ratio(row["absent_days_sum"] or 0, row["active"])
        return [num(row["active"]), num(row["absent"]), num(row["alert"]),
                pct(row["alert"], row["active"]),
                Cell(text(per_student), sort=per_student)]

    for row in rows:
        table.add(row["programme__pathway"], str(row["study_year"]), *cells(row))
    if rows:
        totals = {k: sum(r[k] or 0 for r in rows)
                  for k in ("active", "absent", "alert", "absent_days_sum")}
        table.total(_("Total"), "", *cells(totals))
    return Card(table)


def trend_card(f: TeamFigures) -> Card:
    """Reach per month, in all and per pathway."""
    months = [first for first, _ref in months_of(f.filters.year, f.filters.day)]
    by_month: dict[datetime.date, dict[str, tuple[int, int]]] = {}
    for row in f.trend:
        by_month.setdefault(row["month"], {})[row["pathway"]] = (row["active_sum"], row["seen_sum"])
    table = Table("trend", _("Reach per month"),
                  [_("Month"), _("Active students"), _("Seen individually"), _("Reach")])
    pathways = sorted({row["pathway"] for row in f.trend})
    series: dict[str, list[float | None]] = {p: [] for p in pathways}
    series[_("All")] = []
    for month in months:
        values = by_month.get(month, {})
        active = sum(a for a, _s in values.values())
        seen = sum(s for _a, s in values.values())
        table.add(date_format(month, "YEAR_MONTH_FORMAT"), num(active), num(seen), pct(seen, active))
        for p in pathways:
            a, s = values.get(p, (0, 0))
            series[p].append(share(s, a))
        series[_("All")].append(share(seen, active))
    labels = [date_format(month, "N") for month in months]
    return Card(table, charts.line_chart(_("Reach per month"), labels, series))


def sessions_card(f: TeamFigures) -> Card:
    def cells(row, split):
        return [num(row["individual_sessions"]),
                num(row["open_space_sessions"], f.drill("open_space", split)),
                pct(row["open_space_sessions"], row["individual_sessions"]),
                num(row["spoke_freely"]), num(row["not_spoke_freely"]),
                pct(row["spoke_freely"], row["speak_answered"])]

    return Card(f.split_table(
        "sessions", _("Individual sessions and privacy"),
        [_("Individual sessions"), _("In an open space"), _("In an open space (%)"),
         _("Could speak freely"), _("Could not speak freely"), _("Could speak freely (%)")],
        cells,
        note=_("Whether the student could speak freely is asked for sessions in open spaces."),
    ))


def continuity_card(f: TeamFigures) -> Card:
    def cells(row, split):
        changes = ratio(row["counsellor_changes"], row["active"])
        return [num(row["active"]), num(row["single_counsellor"]),
                pct(row["single_counsellor"], row["active"]),
                num(row["counsellor_changes"], f.drill("changed", split)),
                Cell(text(changes), sort=changes)]

    return Card(f.split_table(
        "continuity", _("Counsellor continuity"),
        [_("Active students"), _("One counsellor since the start"), _("One counsellor (%)"),
         _("Counsellor changes"), _("Changes per student")],
        cells,
    ))


def follow_ups_card(f: TeamFigures) -> Card:
    """Open follow-ups now, per owner (live, not from the rollup)."""
    per_owner = selectors.follow_ups_per_counsellor(f.team, f.filters)
    table = Table("follow_ups", _("Open follow-ups per counsellor (now)"),
                  [_("Owner"), _("Open"), _("Overdue")])
    for row in per_owner:
        name = f"{row['owner__first_name']} {row['owner__last_name']}".strip()
        owner = row["owner_id"]
        table.add(name, num(row["open"], f.drill("follow_ups", owner=owner)),
                  num(row["overdue"], f.drill("follow_ups", owner=owner, overdue=1)))
    if per_owner:
        table.total(_("Total"),
                    num(sum(r["open"] for r in per_owner), f.drill("follow_ups")),
                    num(sum(r["overdue"] for r in per_owner), f.drill("follow_ups", overdue=1)))
    return Card(table)


def follow_ups_year_card(f: TeamFigures) -> Card:
    def cells(row, split):
        return [num(row["follow_ups"]), num(row["follow_ups_done"]), num(row["follow_ups_open"]),
                num(row["follow_ups_overdue"])]

    return Card(f.split_table("follow_ups_year", _("Follow-ups due this school year"),
                              [_("Due"), _("Done"), _("Open"), _("Overdue")], cells))


def referrals_card(f: TeamFigures) -> Card:
    medians = {(r["pathway"], r["study_year"]): selectors.median_of(r["triage_days"])
               for r in f.rows}
    medians[()] = selectors.merged_median(r["triage_days"] for r in f.rows)

    def cells(row, split):
        key = (row["pathway"], row["study_year"]) if "pathway" in row else ()
        return [num(row["referrals"]), num(row["referrals_open"]), Cell(text(medians.get(key))),
                num(row["referrals_ended"]), num(row["referrals_feedback_due"]),
                num(row["referrals_feedback_on_time"]),
                pct(row["referrals_feedback_on_time"], row["referrals_feedback_due"])]

    days = settings.LOB_REFERRAL_FEEDBACK_DAYS
    return Card(f.split_table(
        "referrals", _("Referrals to the LEC"),
        [_("Referrals"), _("Open"), _("Median days to triage"), _("Returned or closed"),
         _("Owing feedback"),
         _("With feedback within %(days)s days") % {"days": days},
         _("With feedback on time (%)")],
        cells, note=_("Owing feedback: returned or closed, or worked on by the LEC for more than "
                      "%(days)s days since it was accepted. On time: feedback within %(days)s "
                      "days of the return or closure, or, for a running case, in the last "
                      "%(days)s days (the LEC overview's rule). Aggregates only: states, dates "
                      "and outcomes, never the content of a case.") % {"days": days},
    ))


def referral_outcomes_card(f: TeamFigures) -> Card:
    table = Table("referral_outcomes", _("Outcomes of closed LEC referrals"),
                  [_("Outcome"), _("Referrals")])
    figures = f.total or {}
    for outcome, field in zip(ReferralOutcome, REFERRAL_OUTCOME_FIELDS, strict=True):
        table.add(str(outcome.label), num(figures.get(field, 0)))
    return Card(table)


def outcomes_card(f: TeamFigures) -> Card:
    """Students' outcomes beside LOB reach, per school year, with a chart."""
    table = Table(
        "outcomes", _("Student outcomes beside LOB reach, per school year"),
        [_("School year"), _("Reach at the end of the year"), _("Graduated"), _("Dropped out"),
         _("Transferred"), _("Dropped out (share of active)")],
        note=_("Descriptive figures side by side; they do not show that one causes the other."),
    )
    years = [y for y in sorted(f.years) if y in f.per_year]
    for year in years:
        row = f.per_year[year]
        split = Filters(year, f.filters.pathway, f.filters.study_year, f.filters.today)
        table.add(
            year_label(year), pct(row["seen"], row["active"]),
            *[num(row[status], f.drill("left", split, status=status))
              for status in ("graduated", "dropped_out", "transferred")],
            pct(row["dropped_out"], row["active"] + row["dropped_out"]),
        )
    rows = [f.per_year[y] for y in years]
    chart = charts.bar_chart(
        _("Reach and dropout per school year"), [year_label(y) for y in years],
        {
            _("Reach"): [share(r["seen"], r["active"]) for r in rows],
            _("Dropped out"): [share(r["dropped_out"], r["active"] + r["dropped_out"])
                               for r in rows],
            _("Graduated"): [share(r["graduated"], r["active"] + r["graduated"]) for r in rows],
        },
        maximum=100,
    )
    return Card(table, chart)


def staff_card(f: TeamFigures) -> Card:
    table = Table(
        "staff", _("Staff: review cycles and 360 feedback"),
        [_("Review cycles"), _("Completed"), _("Completed (% of cycles)"), _("360 requests"),
         _("Answered"), _("Response rate")],
    )
    staff = selectors.cycle_figures(f.filters.year, "team", team=f.team).get(f.team.pk)
    if staff:
        completed = cycles_completed_share(staff["closed"], staff["cycles"])
        table.add(num(staff["cycles"]), num(staff["closed"]),
                  Cell("–" if completed is None else f"{completed}%", sort=completed),
                  num(staff["requests"]),
                  num(staff["answered"]), pct(staff["answered"], staff["requests"]))
    return Card(table)


def training_card(f: TeamFigures) -> Card:
    table = Table("training", _("Training hours by area"),
                  [_("Area"), _("Hours completed"), _("Hours planned")])
    labels = dict(TrainingArea.choices)
    for row in selectors.training_by_area(f.filters.year, team=f.team):
        table.add(str(labels.get(row["area"], row["area"])),
                  Cell(text(float(row["completed"] or 0))), Cell(text(float(row["planned"] or 0))))
    return Card(table)


def standards_card(f: TeamFigures) -> Card:
    standards = selectors.standards_scores(f.filters.year, team=f.team)
    table = Table("standards", _("LOB standards: self-assessment"),
                  [_("Standard"), _("Mean score (1–4)"), _("Criteria assessed")])
    for row in standards:
        table.add(row["name"], Cell(text(float(row["mean"]))), num(row["criteria"]))
    chart = None
    if standards:
        chart = charts.hbar_chart(
            _("LOB standards: mean self-assessment score"),
            [r["name"] for r in standards], [float(r["mean"]) for r in standards], maximum=4,
        )
    return Card(table, chart)


def competencies_card(f: TeamFigures) -> Card:
    """How the students acquire their career competencies: per competency, how many active
    students wrote a reflection in their dossier or attended a session on it this school year.
    Counts only, never names, and nothing for a group under LOB_AGGREGATE_MIN_GROUP."""
    size, rows = team_competency_progress(
        f.team, school_year=f.filters.year, pathway=f.filters.pathway or "",
        study_year=f.filters.study_year or None,
    )
    minimum = settings.LOB_AGGREGATE_MIN_GROUP
    note = _("Counted over the active students of the selection; shown from %(n)s students.") % {
        "n": minimum}
    table = Table("competencies", _("How students acquire their career competencies"),
                  [_("Career competency"), _("Active students"), _("Wrote a reflection"),
                   _("Wrote a reflection (%)"), _("Had a session on it"),
                   _("Had a session on it (%)")], note=note)
    chart = None
    if rows:
        for row in rows:
            table.add(str(row.competency.label), num(row.students), num(row.with_reflection),
                      pct(row.with_reflection, row.students), num(row.with_session),
                      pct(row.with_session, row.students))
        chart = charts.hbar_chart(
            _("Students with a reflection per career competency (%)"),
            [str(r.competency.label) for r in rows],
            [share(r.with_reflection, r.students) or 0 for r in rows], maximum=100,
        )
    elif size:
        table.note = _("Too few students in this selection (%(size)s, fewer than %(n)s) to show "
                       "figures without recognising anyone.") % {"size": size, "n": minimum}
    return Card(table, chart)


def student_feedback_card(f: TeamFigures) -> Card:
    """"Did this conversation help you?": the team's answers this school year, only from
    LOB_AGGREGATE_MIN_GROUP answers up, never per student or per counsellor."""
    aggregate = team_aggregate(f.team, school_year=f.filters.year)
    table = Table("student_feedback", _("Did the conversation help? (students' answers)"),
                  [_("Score (1–5)"), _("Answers")])
    if aggregate.shown:
        for score, count in aggregate.distribution:
            table.add(str(score), num(count))
        table.total(_("Mean %(mean)s") % {"mean": aggregate.mean}, num(aggregate.answers))
        table.note = _("All answers of the team together, never who answered what.")
    else:
        table.note = _("Shown from %(n)s answers (now %(count)s).") % {
            "n": aggregate.minimum, "count": aggregate.answers}
    return Card(table)


# The cards of the team dashboard, by table key, in the order of the page.
TEAM_CARDS: dict[str, Callable[[TeamFigures], Card]] = {
    "reach": reach_card,
    "attendance": attendance_card,
    "trend": trend_card,
    "sessions": sessions_card,
    "continuity": continuity_card,
    "follow_ups": follow_ups_card,
    "follow_ups_year": follow_ups_year_card,
    "referrals": referrals_card,
    "referral_outcomes": referral_outcomes_card,
    "outcomes": outcomes_card,
    "staff": staff_card,
    "training": training_card,
    "standards": standards_card,
    "competencies": competencies_card,
    "student_feedback": student_feedback_card,
}


# The cards read live on every view. Every other card shows figures of the school year that
# move with the rollups' refresh (the page says when that was): the template keeps its HTML in
# the cache, keyed by the refresh times, until the next refresh (the cards between two live ones
# as one entry: `CardRun`).
LIVE_CARDS = frozenset({"attendance", "follow_ups"})


@dataclass
class CardSlot:
    """A card of the page, built only when the template renders it (not when its HTML comes
    from the cache)."""

    key: str
    live: bool
    build: Callable[[], Card]

    @cached_property
    def card(self) -> Card:
        return self.build()


@dataclass
class CardRun:
    """Cards next to each other on the page that are all live or all kept in the cache: the
    template keeps a run's HTML as one cache entry (one cache read for several cards), named
    by `key`."""

    live: bool
    slots: list[CardSlot]

    @property
    def key(self) -> str:
        return "+".join(slot.key for slot in self.slots)


def card_runs(slots: list[CardSlot]) -> list[CardRun]:
    """`slots` in their order, grouped into runs of live and of cached cards."""
    runs: list[CardRun] = []
    for slot in slots:
        if runs and runs[-1].live == slot.live:
            runs[-1].slots.append(slot)
        else:
            runs.append(CardRun(slot.live, [slot]))
    return runs


def team_page(team: Team, filters: Filters, times: RollupTimes) -> dict:
    figures = team_figures(team, filters, times)
    slots = [CardSlot(key, key in LIVE_CARDS, partial(card, figures))
             for key, card in TEAM_CARDS.items()]
    return {"card_runs": card_runs(slots),
            "has_figures": bool(figures.rows),
            # What the cached cards are keyed by ("": nothing computed yet, nothing cached).
            "cards_version": times.version,
            "cards_seconds": selectors.CACHE_SECONDS}


def team_card(team: Team, filters: Filters, times: RollupTimes, key: str) -> Card | None:
    """One card of the team dashboard (its CSV), or None when there is no such card."""
    card = TEAM_CARDS.get(key)
    return card(team_figures(team, filters, times)) if card else None
