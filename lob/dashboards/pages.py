"""The figures of each dashboard as tables and charts (the views only render them)."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lec.models import Outcome as ReferralOutcome
from staff.models import College, Team, TrainingArea

from . import charts, selectors
from .models import REFERRAL_OUTCOME_FIELDS
from .periods import months_of, shown_years, year_label
from .selectors import Filters
from .tables import Cell, Table, num, pct, ratio, text


def _share(part, whole) -> float | None:
    r = ratio(part, whole)
    return None if r is None else round(r * 100, 1)


def derive(row: dict) -> dict:
    """Figures that follow from the summed counts."""
    decided = row["starters"] - row["intake_pending"]
    return {
        **row,
        "not_seen": row["active"] - row["seen"],
        "intake_late": decided - row["intake_on_time"],
        "intake_decided": decided,
        "speak_answered": row["spoke_freely"] + row["not_spoke_freely"],
    }


def _split_label(row) -> tuple[str, str]:
    return row["pathway"], str(row["study_year"])


def _total(rows: list[dict]) -> dict:
    if not rows:
        return {}
    return {f: sum(r[f] for r in rows) for f in selectors.SUM_FIELDS}


def _drill(team: Team, kind: str, filters: Filters, **extra) -> str:
    params = {"year": filters.year}
    if filters.pathway:
        params["pathway"] = filters.pathway
    if filters.study_year:
        params["study_year"] = filters.study_year
    params.update({k: v for k, v in extra.items() if v not in (None, "")})
    return f"{reverse('dashboards:drill', args=(team.pk, kind))}?{urlencode(params)}"


# --- the team dashboard ------------------------------------------------------------------------


def team_page(team: Team, filters: Filters) -> dict:
    years = shown_years(filters.day)
    all_rows = selectors.team_rows(filters, team, sorted({*years, filters.year}))
    rows = [derive(r) for r in all_rows if r["school_year"] == filters.year]
    total = derive(_total(rows)) if rows else None
    medians = {(r["pathway"], r["study_year"]): selectors.median_of(r["triage_days"]) for r in rows}
    medians[()] = selectors.merged_median(r["triage_days"] for r in rows)
    per_year = {
        year: _total([r for r in all_rows if r["school_year"] == year])
        for year in {r["school_year"] for r in all_rows}
    }
    trend = selectors.month_trend(filters, team=team)
    per_owner = selectors.follow_ups_per_counsellor(team, filters)
    staff = selectors.cycle_figures(filters.year, "team", team=team).get(team.pk)
    training = selectors.training_by_area(filters.year, team=team)
    standards = selectors.standards_scores(filters.year, team=team)

    tables: list[Table] = []
    weeks = settings.LOB_NOT_SEEN_WEEKS

    reach = Table(
        "reach", _("Reach and intake"),
        [_("Pathway"), _("Study year"), _("Active students"),
         _("Seen individually (last %(weeks)s weeks)") % {"weeks": weeks}, _("Reach"),
         _("Not seen"), _("Started this year"), _("Intake on time"), _("Intake on time (%)"),
         _("Intake late or missing")],
        note=_("Reach is counted at %(day)s.") % {"day": date_format(filters.reference)},
    )
    sessions = Table(
        "sessions", _("Individual sessions and privacy"),
        [_("Pathway"), _("Study year"), _("Individual sessions"), _("In an open space"),
         _("In an open space (%)"), _("Could speak freely"), _("Could not speak freely"),
         _("Could speak freely (%)")],
        note=_("Whether the student could speak freely is asked for sessions in open spaces."),
    )
    continuity = Table(
        "continuity", _("Counsellor continuity"),
        [_("Pathway"), _("Study year"), _("Active students"), _("One counsellor since the start"),
         _("One counsellor (%)"), _("Counsellor changes"), _("Changes per student")],
    )
    follow_ups_year = Table(
        "follow_ups_year", _("Follow-ups due this school year"),
        [_("Pathway"), _("Study year"), _("Due"), _("Done"), _("Open"), _("Overdue")],
    )
    feedback_days = settings.LOB_REFERRAL_FEEDBACK_DAYS
    referrals = Table(
        "referrals", _("Referrals to the LEC"),
        [_("Pathway"), _("Study year"), _("Referrals"), _("Open"), _("Median days to triage"),
         _("Returned or closed"),
         _("With feedback within %(days)s days") % {"days": feedback_days},
         _("With feedback on time (%)")],
        note=_("Aggregates only: states, dates and outcomes, never the content of a case."),
    )

    def fill(row, link_filters, label):
        f = link_filters
        reach.add(*label, num(row["active"]), num(row["seen"]), pct(row["seen"], row["active"]),
                  num(row["not_seen"], _drill(team, "not_seen", f)), num(row["starters"]),
                  num(row["intake_on_time"]), pct(row["intake_on_time"], row["intake_decided"]),
                  num(row["intake_late"], _drill(team, "intake_late", f)))
        sessions.add(*label, num(row["individual_sessions"]),
                     num(row["open_space_sessions"], _drill(team, "open_space", f)),
                     pct(row["open_space_sessions"], row["individual_sessions"]),
                     num(row["spoke_freely"]), num(row["not_spoke_freely"]),
                     pct(row["spoke_freely"], row["speak_answered"]))
        continuity.add(*label, num(row["active"]), num(row["single_counsellor"]),
                       pct(row["single_counsellor"], row["active"]),
                       num(row["counsellor_changes"], _drill(team, "changed", f)),
                       Cell(text(ratio(row["counsellor_changes"], row["active"])),
                            sort=ratio(row["counsellor_changes"], row["active"])))
        follow_ups_year.add(*label, num(row["follow_ups"]), num(row["follow_ups_done"]),
                            num(row["follow_ups_open"]), num(row["follow_ups_overdue"]))
        key = (row["pathway"], row["study_year"]) if "pathway" in row else ()
        referrals.add(*label, num(row["referrals"]), num(row["referrals_open"]),
                      Cell(text(medians.get(key))), num(row["referrals_ended"]),
                      num(row["referrals_feedback_on_time"]),
                      pct(row["referrals_feedback_on_time"], row["referrals_ended"]))

    for row in rows:
        link_filters = Filters(filters.year, row["pathway"], row["study_year"], filters.today)
        fill(row, link_filters, _split_label(row))
    if total:
        split_tables = (reach, sessions, continuity, follow_ups_year, referrals)
        fill(total, filters, (_("Total"), ""))
        for table in split_tables:
            table.footer = table.rows.pop()
    tables += [reach, sessions, continuity, follow_ups_year, referrals]

    owners = Table("follow_ups", _("Open follow-ups per counsellor (now)"),
                   [_("Owner"), _("Open"), _("Overdue")])
    for row in per_owner:
        name = f"{row['owner__first_name']} {row['owner__last_name']}".strip()
        owners.add(name,
                   num(row["open"], _drill(team, "follow_ups", filters, owner=row["owner_id"])),
                   num(row["overdue"], _drill(team, "follow_ups", filters, owner=row["owner_id"],
                                              overdue=1)))
    if per_owner:
        owners.total(_("Total"), num(sum(r["open"] for r in per_owner),
                                     _drill(team, "follow_ups", filters)),
                     num(sum(r["overdue"] for r in per_owner),
                         _drill(team, "follow_ups", filters, overdue=1)))
    tables.append(owners)

    outcomes_table = referral_outcomes_table(total or {})
    tables.append(outcomes_table)

    history = Table(
        "outcomes", _("Student outcomes beside LOB reach, per school year"),
        [_("School year"), _("Reach at the end of the year"), _("Graduated"), _("Dropped out"),
         _("Transferred"), _("Dropped out (share of active)")],
        note=_("Descriptive figures side by side; they do not show that one causes the other."),
    )
    history_years = [y for y in sorted(years) if y in per_year]
    for year in history_years:
        row = per_year[year]
        yf = Filters(year, filters.pathway, filters.study_year, filters.today)
        history.add(
            year_label(year), pct(row["seen"], row["active"]),
            num(row["graduated"], _drill(team, "left", yf, status="graduated")),
            num(row["dropped_out"], _drill(team, "left", yf, status="dropped_out")),
            num(row["transferred"], _drill(team, "left", yf, status="transferred")),
            pct(row["dropped_out"], row["active"] + row["dropped_out"]),
        )
    tables.append(history)

    trend_table, trend_chart = reach_trend(filters, trend)
    tables.append(trend_table)

    staff_table = Table(
        "staff", _("Staff: review cycles and 360 feedback"),
        [_("Review cycles"), _("Completed"), _("Completed (%)"), _("360 requests"),
         _("Answered"), _("Response rate")],
    )
    if staff:
        staff_table.add(num(staff["cycles"]), num(staff["closed"]),
                        pct(staff["closed"], staff["cycles"]), num(staff["requests"]),
                        num(staff["answered"]), pct(staff["answered"], staff["requests"]))
    tables.append(staff_table)
    tables.append(training_table(training))
    standards_table = Table("standards", _("LOB standards: self-assessment"),
                            [_("Standard"), _("Mean score (1–4)"), _("Criteria assessed")])
    for row in standards:
        standards_table.add(row["name"], Cell(text(float(row["mean"]))), num(row["criteria"]))
    tables.append(standards_table)

    chart_list = [
        ("trend", trend_chart),
        ("outcomes", charts.bar_chart(
            _("Reach and dropout per school year"),
            [year_label(y) for y in history_years],
            {
                _("Reach"): [_share(per_year[y]["seen"], per_year[y]["active"]) for y in history_years],
                _("Dropped out"): [
                    _share(per_year[y]["dropped_out"], per_year[y]["active"] + per_year[y]["dropped_out"])
                    for y in history_years
                ],
                _("Graduated"): [
                    _share(per_year[y]["graduated"], per_year[y]["active"] + per_year[y]["graduated"])
                    for y in history_years
                ],
            },
            maximum=100,
        )),
    ]
    if standards:
        chart_list.append(("standards", charts.hbar_chart(
            _("LOB standards: mean self-assessment score"),
            [r["name"] for r in standards], [float(r["mean"]) for r in standards], maximum=4,
        )))
    return {"tables": tables, "charts": dict(chart_list), "has_figures": bool(rows)}


def referral_outcomes_table(total: dict) -> Table:
    table = Table("referral_outcomes", _("Outcomes of closed LEC referrals"),
                  [_("Outcome"), _("Referrals")])
    for outcome, field in zip(ReferralOutcome, REFERRAL_OUTCOME_FIELDS, strict=True):
        table.add(str(outcome.label), num(total.get(field, 0)))
    return table


def training_table(training: list[dict]) -> Table:
    table = Table("training", _("Training hours by area"),
                  [_("Area"), _("Hours completed"), _("Hours planned")])
    labels = dict(TrainingArea.choices)
    for row in training:
        table.add(str(labels.get(row["area"], row["area"])),
                  Cell(text(float(row["completed"] or 0))), Cell(text(float(row["planned"] or 0))))
    return table


def reach_trend(filters: Filters, trend: list[dict]):
    months = [first for first, _ref in months_of(filters.year, filters.day)]
    by_month: dict[datetime.date, dict[str, tuple[int, int]]] = {}
    for row in trend:
        by_month.setdefault(row["month"], {})[row["pathway"]] = (row["active_sum"], row["seen_sum"])
    table = Table("trend", _("Reach per month"),
                  [_("Month"), _("Active students"), _("Seen individually"), _("Reach")])
    pathways = sorted({row["pathway"] for row in trend})
    series: dict[str, list[float | None]] = {p: [] for p in pathways}
    series[_("All")] = []
    labels = []
    for month in months:
        values = by_month.get(month, {})
        active = sum(a for a, _s in values.values())
        seen = sum(s for _a, s in values.values())
        label = date_format(month, "M Y")
        labels.append(date_format(month, "M"))
        table.add(label, num(active), num(seen), pct(seen, active))
        for p in pathways:
            a, s = values.get(p, (0, 0))
            series[p].append(_share(s, a))
        series[_("All")].append(_share(seen, active))
    chart = charts.line_chart(_("Reach per month"), labels, series)
    return table, chart


# --- side by side: teams of a college, colleges of the ROC --------------------------------------


def comparison_table(
    key: str, title: str, units: list, unit_label: str, link_of, sums: dict, medians: dict,
    staff: dict, sections: frozenset[str],
) -> Table:
    columns = [unit_label]
    if "students" in sections:
        columns += [_("Active students"), _("Reach"), _("Intake on time (%)"),
                    _("In an open space (%)"), _("One counsellor (%)"), _("Follow-ups overdue"),
                    _("Dropped out")]
    if "referrals" in sections:
        columns += [_("Referrals"), _("Open"), _("Median days to triage"),
                    _("With feedback on time (%)")]
    if "staff" in sections:
        columns += [_("Review cycles completed (%)"), _("360 requests answered (%)"),
                    _("Training hours completed"), _("Standards: mean score (1–4)")]
    table = Table(key, title, columns, sortable=True)
    for unit in units:
        row = sums.get(unit.pk)
        cells = [Cell(str(unit), link=link_of(unit), sort=str(unit))]
        if "students" in sections:
            if row:
                cells += [num(row["active"]), pct(row["seen"], row["active"]),
                          pct(row["intake_on_time"], row["intake_decided"]),
                          pct(row["open_space_sessions"], row["individual_sessions"]),
                          pct(row["single_counsellor"], row["active"]),
                          num(row["follow_ups_overdue"]), num(row["dropped_out"])]
            else:
                cells += [Cell("–")] * 7
        if "referrals" in sections:
            if row:
                median = medians.get((unit.pk,))
                cells += [num(row["referrals"]), num(row["referrals_open"]),
                          Cell(text(median), sort=median),
                          pct(row["referrals_feedback_on_time"], row["referrals_ended"])]
            else:
                cells += [Cell("–")] * 4
        if "staff" in sections:
            s = staff.get(unit.pk)
            if s:
                cells += [pct(s["closed"], s["cycles"]), pct(s["answered"], s["requests"]),
                          Cell(text(s["training_hours"]), sort=s["training_hours"]),
                          Cell(text(s["standards_mean"]), sort=s["standards_mean"])]
            else:
                cells += [Cell("–")] * 4
        table.rows.append(cells)
    return table


def _comparison(filters: Filters, group: str, units: list, sections, *, key, title, unit_label,
                link_of, scope: dict, staff_group: str, staff_scope: dict) -> dict:
    sums = {}
    medians = {}
    if sections & {"students", "referrals"}:
        sums = {r[group]: derive(r) for r in selectors.figure_sums(filters, [group], **scope)}
    if "referrals" in sections:
        medians = selectors.triage_medians(filters, [group], **scope)
    staff = {}
    if "staff" in sections:
        staff = selectors.staff_figures(filters.year, staff_group, **staff_scope)
    table = comparison_table(key, title, units, unit_label, link_of, sums, medians, staff, sections)
    chart_series = {}
    if "students" in sections:
        chart_series[_("Reach")] = [
            _share(sums[u.pk]["seen"], sums[u.pk]["active"]) if u.pk in sums else None
            for u in units
        ]
        chart_series[_("Intake on time")] = [
            _share(sums[u.pk]["intake_on_time"], sums[u.pk]["intake_decided"]) if u.pk in sums
            else None for u in units
        ]
    elif "staff" in sections:
        chart_series[_("Review cycles completed")] = [
            _share(staff[u.pk]["closed"], staff[u.pk]["cycles"]) if u.pk in staff else None
            for u in units
        ]
    elif "referrals" in sections:
        chart_series[_("With feedback on time")] = [
            _share(sums[u.pk]["referrals_feedback_on_time"], sums[u.pk]["referrals_ended"])
            if u.pk in sums else None for u in units
        ]
    chart = charts.bar_chart(title, [str(u) for u in units], chart_series, maximum=100)
    return {"table": table, "chart": chart, "has_figures": bool(sums or staff)}


def college_page(college: College, filters: Filters, sections: frozenset[str],
                 team_link) -> dict:
    teams = list(Team.objects.filter(college=college).order_by("name"))
    return _comparison(
        filters, "team", teams, sections, key="teams",
        title=_("Teams of %(college)s") % {"college": college.name}, unit_label=_("Team"),
        link_of=team_link, scope={"college": college}, staff_group="team",
        staff_scope={"team__college": college},
    )


def roc_page(filters: Filters) -> dict:
    colleges = list(College.objects.order_by("name"))
    return _comparison(
        filters, "college", colleges, selectors.SECTIONS_ALL, key="colleges",
        title=_("Colleges of the ROC"), unit_label=_("College"),
        link_of=lambda c: reverse("dashboards:college", args=(c.pk,)), scope={},
        staff_group="team__college", staff_scope={},
    )
