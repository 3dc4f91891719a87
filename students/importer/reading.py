"""Reading an uploaded file: its columns found by their many spellings (the reading itself,
whatever the encoding, is common.imports)."""

from collections.abc import Iterator

from common.imports import ImportRefused, estimate_rows
from common.imports import open_rows as open_csv_rows

__all__ = ["COLUMNS", "REQUIRED", "ImportRefused", "estimate_rows", "open_rows"]

# canonical column → accepted header spellings (compared lower-case, without spaces/_/-)
COLUMNS: dict[str, tuple[str, ...]] = {
    "student_number": ("studentnumber", "studentnummer", "leerlingnummer", "studnr", "number"),
    "first_name": ("firstname", "voornaam", "roepnaam"),
    "last_name": ("lastname", "achternaam", "naam", "surname", "familyname"),
    "name_prefix": (
        "tussenvoegsel", "tussenvoegsels", "voorvoegsel", "voorvoegsels", "nameprefix",
        "prefix", "surnameprefix", "lastnameprefix", "infix",
    ),
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
REQUIRED = [c for c in COLUMNS if c not in ("counsellor_email", "name_prefix")]


def open_rows(raw: bytes) -> tuple[dict[str, int], Iterator[tuple[int, list[str]]]]:
    """Bytes → (column index per canonical name, an iterator of (line number, cells))."""
    return open_csv_rows(raw, COLUMNS, REQUIRED)
