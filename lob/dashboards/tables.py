"""Dashboard tables: one object feeds both the HTML table (dashboards/_table.html) and its CSV,
so they always match."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format


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
    # Set by `sort_links` on a sortable table: one link per column heading, and the sorting.
    header_links: list[str] = field(default_factory=list)
    sorted_column: int | None = None
    sorted_desc: bool = False

    def add(self, *cells) -> None:
        self.rows.append([c if isinstance(c, Cell) else Cell(text(c)) for c in cells])

    def total(self, *cells) -> None:
        self.footer = [c if isinstance(c, Cell) else Cell(text(c)) for c in cells]

    def sort_links(self, links: list[str], column: int | None, descending: bool) -> None:
        """Make the column headings links that sort the table (`links`, one per column), with
        an arrow on the column it is sorted on."""
        self.header_links = links
        self.sorted_column = column
        self.sorted_desc = descending

    @property
    def header(self) -> list[dict]:
        """The column headings, each with its sort link and arrow (when sortable)."""
        links = self.header_links or [""] * len(self.columns)
        arrow = " ↓" if self.sorted_desc else " ↑"
        return [{"label": label, "link": link,
                 "arrow": arrow if i == self.sorted_column and link else ""}
                for i, (label, link) in enumerate(zip(self.columns, links, strict=True))]

    @property
    def labelled_rows(self) -> list[list[tuple[str, Cell]]]:
        """The rows, each cell with its column's label (the stacked layout on small screens)."""
        return [list(zip(self.columns, row, strict=True)) for row in self.rows]

    @property
    def labelled_footer(self) -> list[tuple[str, Cell]]:
        return list(zip(self.columns, self.footer, strict=True)) if self.footer else []

    def csv_rows(self) -> list[list[str]]:
        """The header and every row's text, for common.csv_export (which neutralises
        formulas)."""
        return [list(self.columns), *([cell.text for cell in row] for row in self.all_rows)]

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
