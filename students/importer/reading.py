"""Reading an uploaded file: its bytes as text (whatever the encoding), its columns found by
their many spellings, its rows."""

import csv
import io
import re

from django.utils.translation import gettext as _


class ImportRefused(Exception):
    """The file as a whole cannot be read (encoding, format, missing columns)."""


# canonical column → accepted header spellings (compared lower-case, without spaces/_/-)
COLUMNS: dict[str, tuple[str, ...]] = {
    "student_number": ("studentnumber", "studentnummer", "leerlingnummer", "studnr", "number"),
    "first_name": ("firstname", "voornaam", "roepnaam"),
    "last_name": ("lastname", "achternaam", "naam", "surname"),
    "date_of_birth": ("dateofbirth", "geboortedatum", "birthdate", "dob"),
    "crebo": ("crebo", "crebocode", "programme", "opleiding", "opleidingscode"),
    "pathway": ("pathway", "leerweg"),
    "study_year": ("studyyear", "leerjaar", "year", "jaar"),
    "start_date": ("startdate", "startdatum", "begindatum", "inschrijfdatum"),
    "start_qualification": (
        "startqualification", "startkwalificatie", "hasstartqualification", "sk",
    ),
    "team": ("team", "opleidingsteam", "teamcode"),
    "counsellor_email": (
        "counselloremail", "loopbaanbegeleider", "loopbaanbegeleideremail", "lobemail",
        "mentoremail", "counsellor",
    ),
}
REQUIRED = [c for c in COLUMNS if c != "counsellor_email"]


def decode(raw: bytes) -> str:
    """Bytes of an uploaded file → text, or ImportRefused with the reason."""
    if not raw.strip():
        raise ImportRefused(_("The file is empty."))
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(
            _("This is an Excel workbook, not a CSV file. In Excel choose “Save as” → “CSV (semicolon separated)” and upload that file.")
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportRefused(_("The file could not be read as UTF-16 text.")) from exc
    if b"\x00" in raw[:4096]:
        raise ImportRefused(_("This does not look like a text (CSV) file."))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _norm_header(name: str) -> str:
    return re.sub(r"[\s_\-.]", "", name.strip().lower())


def parse(text: str) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    """Text → (column index per canonical name, [(line number, cells)])."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = max([";", ",", "\t"], key=first.count)
    if first.count(delimiter) == 0:
        raise ImportRefused(
            _("No columns found: the file must be separated by semicolons, commas or tabs.")
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise ImportRefused(_("The file has no header row.")) from exc
    lookup = {alias: canon for canon, aliases in COLUMNS.items() for alias in (canon.replace("_", ""), *aliases)}
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        canon = lookup.get(_norm_header(name))
        if canon and canon not in positions:
            positions[canon] = index
    missing = [c for c in REQUIRED if c not in positions]
    if missing:
        raise ImportRefused(
            _("Missing columns: %(columns)s. Found: %(found)s.")
            % {"columns": ", ".join(missing), "found": ", ".join(h.strip() for h in header)}
        )
    rows = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise ImportRefused(_("The file is not valid CSV near line %(line)s: %(error)s") % {"line": reader.line_num, "error": exc}) from exc
    return positions, rows
