"""Side by side: the teams of a college, the colleges of the ROC (one sortable table each)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from staff.models import College, Team

from .. import charts, selectors
from ..selectors import Filters, RollupTimes
from ..tables import Cell, Table, num, pct, text
from .cards import derive, share

MISSING = "–"


def _columns(unit_label: str, sections: frozenset[str]) -> list[str]:
    columns = [unit_label]
    if "students" in sections:
        columns += [_("Active students"), _("Reach"), _("Intake on time (%)"),
                    _("In an open space (%)"), _("One counsellor (%)"), _("Follow-ups overdue"),
                    _("Dropped out")]
    if "referrals" in sections:
        columns += [_("Referrals"), _("Open"), _("Median days to triage"),
                    _("With feedback on time (%)")]
    if "staff" in sections:
        columns += [_("Completed (% of cycles)"), _("360 requests answered (%)"),
                    _("Training hours completed"), _("Standards: mean score (1–4)")]
    return columns


def _cells(sections, row: dict | None, median, staff: dict | None) -> list[Cell]:
    """One unit's cells; a dash where it has no figures."""
    cells = []
    if "students" in sections:
        cells += [num(row["active"]), pct(row["seen"], row["active"]),
                  pct(row["intake_on_time"], row["intake_decided"]),
                  pct(row["open_space_sessions"], row["individual_sessions"]),
                  pct(row["single_counsellor"], row["active"]),
                  num(row["follow_ups_overdue"]), num(row["dropped_out"])] if row else [
            Cell(MISSING)] * 7
    if "referrals" in sections:
        cells += [num(row["referrals"]), num(row["referrals_open"]),
                  Cell(text(median), sort=median),
                  pct(row["referrals_feedback_on_time"], row["referrals_feedback_due"])] if row else [
            Cell(MISSING)] * 4
    if "staff" in sections:
        cells += [pct(staff["closed"], staff["cycles"]), pct(staff["answered"], staff["requests"]),
                  Cell(text(staff["training_hours"]), sort=staff["training_hours"]),
                  Cell(text(staff["standards_mean"]), sort=staff["standards_mean"])] if staff else [
            Cell(MISSING)] * 4
    return cells


def comparison_table(
    key: str, title: str, units: list, unit_label: str, link_of, sums: dict, medians: dict,
    staff: dict, sections: frozenset[str],
) -> Table:
    table = Table(key, title, _columns(unit_label, sections), sortable=True)
    for unit in units:
        table.rows.append([
            Cell(str(unit), link=link_of(unit), sort=str(unit)),
            *_cells(sections, sums.get(unit.pk), medians.get((unit.pk,)),
                    staff.get(unit.pk)),
        ])
    return table


def _chart(title: str, units: list, sections, sums: dict, staff: dict) -> charts.Chart:
    """Reach and intake on time; or, without student figures, the staff's review cycles or
    the referrals' feedback on time."""
    def series(figures, part, whole):
        return [share(figures[u.pk][part], figures[u.pk][whole]) if u.pk in figures else None
                for u in units]

    if "students" in sections:
        lines = {_("Reach"): series(sums, "seen", "active"),
                 _("Intake on time"): series(sums, "intake_on_time", "intake_decided")}
    elif "staff" in sections:
        lines = {_("Review cycles completed"): series(staff, "closed", "cycles")}
    elif "referrals" in sections:
        lines = {_("With feedback on time"): series(sums, "referrals_feedback_on_time",
                                                    "referrals_feedback_due")}
    else:
        lines = {}
    return charts.bar_chart(title, [str(u) for u in units], lines, maximum=100)


def _rollup_figures(filters: Filters, times: RollupTimes, group: str, scope: dict,
                    sections) -> tuple[dict, dict]:
    """The summed rollup per unit and the medians of days to triage, from the cache until the
    next refresh."""
    def compute():
        sums, medians = {}, {}
        if sections & {"students", "referrals"}:
            sums = {r[group]: derive(r) for r in selectors.figure_sums(filters, [group], **scope)}
        if "referrals" in sections:
            medians = selectors.triage_medians(filters, [group], **scope)
        return sums, medians

    key = ("compare", group, *(f"{k}{v.pk}" for k, v in scope.items()), *filters.key,
           ",".join(sorted(sections)))
    return selectors.cached_figures(times, key, compute)


def _comparison(filters: Filters, times: RollupTimes, group: str, units: list, sections, *,
                key, title, unit_label, link_of, scope: dict, staff_group: str,
                staff_scope: dict) -> dict:
    sums, medians = _rollup_figures(filters, times, group, scope, sections)
    staff = {}
    if "staff" in sections:
        staff = selectors.staff_figures(filters.year, staff_group, **staff_scope)
    table = comparison_table(key, title, units, unit_label, link_of, sums, medians, staff, sections)
    return {"table": table, "chart": _chart(title, units, sections, sums, staff),
            "has_figures": bool(sums or staff)}


def college_page(college: College, filters: Filters, times: RollupTimes,
                 sections: frozenset[str], team_link) -> dict:
    teams = list(Team.objects.filter(college=college).order_by("name"))
    return _comparison(
        filters, times, "team", teams, sections, key="teams",
        title=_("Teams of %(college)s") % {"college": college.name}, unit_label=_("Team"),
        link_of=team_link, scope={"college": college}, staff_group="team",
        staff_scope={"team__college": college},
    )


def roc_page(filters: Filters, times: RollupTimes) -> dict:
    colleges = list(College.objects.order_by("name"))
    return _comparison(
        filters, times, "college", colleges, selectors.SECTIONS_ALL, key="colleges",
        title=_("Colleges of the ROC"), unit_label=_("College"),
        link_of=lambda c: reverse("dashboards:college", args=(c.pk,)), scope={},
        staff_group="team__college", staff_scope={},
    )
