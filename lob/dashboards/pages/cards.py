"""What the dashboards' pages share: a card, and the figures that follow from summed counts."""

from dataclasses import dataclass

from ..charts import Chart
from ..selectors import SUM_FIELDS
from ..tables import Table, ratio


@dataclass
class Card:
    """One card of a dashboard: a table (also its CSV) and the chart beside it, if any."""

    table: Table
    chart: Chart | None = None


def share(part, whole) -> float | None:
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


def total(rows: list[dict]) -> dict:
    """The summed counts of some rollup rows."""
    return {f: sum(r[f] for r in rows) for f in SUM_FIELDS}
