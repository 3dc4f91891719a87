"""The columns of a CSV import, declared once: the importer reads headers with it, the upload
page's help lists it and the downloadable template is written from it, so the three cannot
drift apart.

    COLUMNS = ColumnSet([
        Column("student_number", _("student number"), "studentnummer",
               aliases=("leerlingnummer", "studnr"), example="300001"),
        Column("counsellor_email", _("counsellor e-mail"), "e-mail loopbaanbegeleider",
               aliases=("loopbaanbegeleider e-mail",), required=False),
    ])
    positions = COLUMNS.positions(header)        # raises HeaderProblem on unknown / double
    COLUMNS.template_response("studenten.csv")   # semicolons + BOM, as Dutch Excel reads it

Header cells are compared without case, spaces, `_`, `-` and `.`: "E-mail loopbaanbegeleider",
"email_loopbaanbegeleider" and "EMAILLOOPBAANBEGELEIDER" are one name.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.http import HttpResponse

from .csv_export import SafeWriter

TEMPLATE_DELIMITER = ";"  # Dutch Excel's list separator


def normalise_header(name: str) -> str:
    return re.sub(r"[\s_\-.]", "", name.strip().lower().lstrip("\ufeff"))


@dataclass(frozen=True)
class Column:
    """One column: its code name, the label shown in help texts (lazy translated), the header
    the template writes, the other headers accepted, and an example value for the template."""

    name: str
    label: object
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    example: str = ""
    help: object = ""

    @property
    def accepted(self) -> list[str]:
        """Every accepted header, the template's first (as written, for the help text)."""
        seen, out = set(), []
        for header in (self.header, *self.aliases, self.name):
            key = normalise_header(header)
            if key not in seen:
                seen.add(key)
                out.append(header)
        return out


class HeaderProblem(Exception):
    """The header row cannot be used: `unknown` headers nobody declared, `doubled` columns
    named twice, `missing` required columns (code names)."""

    def __init__(self, *, unknown: list[str], doubled: list[str], missing: list[str]):
        super().__init__(f"unknown={unknown} doubled={doubled} missing={missing}")
        self.unknown, self.doubled, self.missing = unknown, doubled, missing


@dataclass
class ColumnSet:
    columns: list[Column]
    _lookup: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self):
        self._lookup = {}
        for column in self.columns:
            for header in column.accepted:
                key = normalise_header(header)
                if self._lookup.setdefault(key, column.name) != column.name:
                    raise ValueError(f"header {header!r} is claimed by two columns")

    def __iter__(self):
        return iter(self.columns)

    def __getitem__(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def canonical(self, header: str) -> str | None:
        return self._lookup.get(normalise_header(header))

    def positions(self, header: Iterable[str]) -> dict[str, int]:
        """Code name → index of its column. Empty header cells are left out (their cells are
        checked by the caller); an unknown or doubled header, or a missing required column,
        raises HeaderProblem: a file is never imported with a column quietly ignored."""
        positions: dict[str, int] = {}
        unknown, doubled = [], []
        for index, name in enumerate(header):
            if not name.strip():
                continue
            canon = self.canonical(name)
            if canon is None:
                unknown.append(name.strip())
            elif canon in positions:
                doubled.append(name.strip())
            else:
                positions[canon] = index
        missing = [name for name in self.required if name not in positions]
        if unknown or doubled or missing:
            raise HeaderProblem(unknown=unknown, doubled=doubled, missing=missing)
        return positions

    def template_rows(self) -> list[list[str]]:
        return [[c.header for c in self.columns], [c.example for c in self.columns]]

    def template_response(self, filename: str) -> HttpResponse:
        """The template as a download: a header and one example row, semicolon separated,
        UTF-8 with a byte-order mark (Dutch Excel opens it in columns)."""
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.write("\ufeff")
        SafeWriter(response, delimiter=TEMPLATE_DELIMITER, lineterminator="\r\n").writerows(
            self.template_rows()
        )
        return response
