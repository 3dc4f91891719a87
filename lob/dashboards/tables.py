"""Dashboard tables: one object renders both the HTML table and its CSV, so they always match."""

import csv
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass
class Cell:
    text: str
    link: str = ""
    sort: float | str | None = None  # the value a column sorts on


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    footer: list[Cell] | None = None  # totals row
    note: str = ""
    sortable: bool = False

    def add(self, *cells) -> None:
        self.rows.append([c if isinstance(c, Cell) else Cell(text(c)) for c in cells])

    def total(self, *cells) -> None:
        self.footer = [c if isinstance(c, Cell) else Cell(text(c)) for c in cells]

    def html(self, sort_links: list[str] | None = None, sorted_column: int | None = None,
             sorted_desc: bool = False) -> SafeString:
        """The table's markup, built here rather than in a template: a dashboard has a dozen
        tables with hundreds of cells, and this is what keeps the page within its budget."""
        head = []
        for i, label in enumerate(self.columns):
            text_ = escape(label)
            if sort_links:
                arrow = (" ↓" if sorted_desc else " ↑") if sorted_column == i else ""
                text_ = f'<a href="{escape(sort_links[i])}">{text_}{arrow}</a>'
            head.append(f'<th scope="col">{text_}</th>')
        labels = [escape(c) for c in self.columns]

        def row_html(row):
            cells = []
            for label, cell in zip(labels, row, strict=True):
                content = escape(cell.text)
                if cell.link:
                    content = f'<a href="{escape(cell.link)}">{content}</a>'
                cells.append(f'<td data-label="{label}">{content}</td>')
            return f"<tr>{''.join(cells)}</tr>"

        body = "".join(row_html(r) for r in self.rows)
        foot = f'<tfoot class="fw-semibold">{row_html(self.footer)}</tfoot>' if self.footer else ""
        return mark_safe(  # noqa: S308 - every text above is escaped
            f'<table class="table table-sm table-hover table-responsive-stack mb-1" '
            f'data-testid="table-{escape(self.key)}"><thead><tr>{"".join(head)}</tr></thead>'
            f"<tbody>{body}</tbody>{foot}</table>"
        )

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.columns)
        for row in self.all_rows:
            writer.writerow([cell.text for cell in row])
        return out.getvalue()

    @property
    def all_rows(self) -> list[list[Cell]]:
        return self.rows + ([self.footer] if self.footer else [])

    def sort_by(self, column: int, descending: bool) -> None:
        def key(row):
            value = row[column].sort if row[column].sort is not None else row[column].text
            missing = value in ("", None, "–")
            if isinstance(value, str):
                return (missing, value.lower())
            return (missing, -value if descending else value)

        self.rows.sort(key=key)
        if descending and self.rows and isinstance(self.rows[0][column].sort, str):
            self.rows.reverse()


def half_up(value: float, places: int = 0) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def text(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return number_format(half_up(value, 1), decimal_pos=1)
    return str(value)


def ratio(part, whole) -> float | None:
    if not whole:
        return None
    return part / whole


def pct(part, whole) -> Cell:
    share = ratio(part, whole)
    if share is None:
        return Cell("–")
    return Cell(f"{half_up(share * 100)}%", sort=share)


def num(value, link: str = "") -> Cell:
    return Cell(text(value), link=link if value else "", sort=value)
