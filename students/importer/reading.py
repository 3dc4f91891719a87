"""Reading an uploaded file: its bytes as text (whatever the encoding), its columns found by
their many spellings, its rows."""

import csv
from collections.abc import Iterator

from django.utils.translation import gettext_noop as _

from common.import_columns import ColumnSet, HeaderProblem

# The file's encoding and text, and the refusal of a whole file, as every import reads them.
from common.imports import ImportRefused, detect_encoding, text_stream

from .checks import shown
from .columns import COLUMNS

UNNAMED = "_unnamed"

def estimate_rows(raw: bytes) -> int:
    """Roughly how many rows the file has (for the progress bar; quoted line breaks count)."""
    return max(raw.count(b"\n") - 1, 1)


def open_rows(raw: bytes, columns: ColumnSet = COLUMNS) -> tuple[dict[str, int], Iterator[tuple[int, list[str]]]]:
    """Bytes → (column index per canonical name, an iterator of (line number, cells)). The
    rows are read as they are consumed; a second call reads the file again."""
    text = text_stream(raw, detect_encoding(raw))
    first = text.readline()
    while first and not first.strip():
        first = text.readline()
    delimiter = max([";", ",", "\t"], key=first.count)
    if first.count(delimiter) == 0:
        raise ImportRefused(
            _("No columns found: the file must be separated by semicolons, commas or tabs.")
        )
    text.seek(0)
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise ImportRefused(_("The file has no header row.")) from exc
    return header_positions(header, columns), _rows(reader)


def header_positions(header: list[str], columns: ColumnSet) -> dict[str, int]:
    """Code name → column index, or ImportRefused naming every unknown, doubled or missing
    column. A column without a header is kept as `UNNAMED + index`: a value in it is an
    error for its row (checks.RowChecker)."""
    try:
        positions = columns.positions(header)
    except HeaderProblem as exc:
        found = shown(", ".join(h.strip() for h in header))
        if exc.unknown:
            raise ImportRefused(
                _("Unknown columns: %(columns)s. Use the column names of the template (download it on the import page); nothing was imported. Found: %(found)s."),
                columns=shown(", ".join(exc.unknown)), found=found,
            ) from exc
        if exc.doubled:
            raise ImportRefused(_("Columns named twice: %(columns)s. Found: %(found)s."),
                                columns=shown(", ".join(exc.doubled)), found=found) from exc
        raise ImportRefused(
            _("Missing columns: %(columns)s. Found: %(found)s."),
            columns=", ".join(columns[name].header for name in exc.missing), found=found,
        ) from exc
    for index, name in enumerate(header):
        if not name.strip():
            positions[f"{UNNAMED}{index}"] = index
    return positions


def _rows(reader) -> Iterator[tuple[int, list[str]]]:
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                yield reader.line_num, cells
    except csv.Error as exc:
        raise ImportRefused(
            _("The file is not valid CSV near line %(line)s: %(error)s"),
            line=reader.line_num, error=shown(str(exc)),
        ) from exc
    except UnicodeDecodeError as exc:
        raise ImportRefused(_("The file could not be read as UTF-16 text.")) from exc
