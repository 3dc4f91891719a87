"""Reading an uploaded file: its bytes as text (whatever the encoding), its columns found by
their many spellings, its rows."""

import codecs
import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext_noop as _

from common.import_columns import ColumnSet, HeaderProblem

from .checks import Problem, shown
from .columns import COLUMNS

UNNAMED = "_unnamed"

CHUNK = 1024 * 1024


class ImportRefused(Exception):
    """The file as a whole cannot be read (encoding, format, missing columns). The message is
    kept untranslated (msgid and values) and shown in the reader's language."""

    def __init__(self, msgid: str, **params):
        super().__init__(msgid)
        self.problem = Problem(msgid, params)

    def __str__(self) -> str:
        return str(self.problem)


def _encoding(raw: bytes) -> str:
    """The encoding of an uploaded file, or ImportRefused with the reason. Checked chunk by
    chunk: the decoded text is never held as a whole."""
    if not raw or raw.isspace():  # (strip() would copy the whole file)
        raise ImportRefused(_("The file is empty."))
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(
            _("This is an Excel workbook, not a CSV file. In Excel choose “Save as” → “CSV (semicolon separated)” and upload that file.")
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in raw[:4096]:
        raise ImportRefused(_("This does not look like a text (CSV) file."))
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for offset in range(0, len(raw), CHUNK):
                decoder.decode(raw[offset:offset + CHUNK])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def _text(raw: bytes, encoding: str) -> io.TextIOWrapper:
    """The file as a text stream (the bytes are shared, not copied)."""
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding=encoding, newline="")
    if encoding == "utf-16":
        try:
            stream.read(1)
            stream.seek(0)
        except UnicodeDecodeError as exc:
            raise ImportRefused(_("The file could not be read as UTF-16 text.")) from exc
    return stream


def estimate_rows(raw: bytes) -> int:
    """Roughly how many rows the file has (for the progress bar; quoted line breaks count)."""
    return max(raw.count(b"\n") - 1, 1)


def open_rows(raw: bytes, columns: ColumnSet = COLUMNS) -> tuple[dict[str, int], Iterator[tuple[int, list[str]]]]:
    """Bytes → (column index per canonical name, an iterator of (line number, cells)). The
    rows are read as they are consumed; a second call reads the file again."""
    text = _text(raw, _encoding(raw))
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
