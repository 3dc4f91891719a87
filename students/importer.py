"""Import of the student information system's CSV export.

All or nothing: every row is checked first; a file with any bad row imports nothing and every
bad row is reported with its line number and reason. Re-importing updates students by student
number. Comma, semicolon and tab separated files in UTF-8 (with or without BOM), Windows-1252
and Latin-1 are read; anything else is refused with a clear message.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from staff.models import College, Team, User
from staff.roles import Role

from .models import CounsellorAssignment, Programme, Student

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
TRUE_WORDS = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
FALSE_WORDS = {"nee", "n", "no", "0", "false", "onwaar", ""}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")
PROGRESS_EVERY = 250


class ImportRefused(Exception):
    """The file as a whole cannot be read (encoding, format, missing columns)."""


@dataclass
class RowError:
    line: int
    messages: list[str]

    def as_dict(self):
        return {"line": self.line, "messages": self.messages}


@dataclass
class CleanRow:
    line: int
    student_number: str
    first_name: str
    last_name: str
    date_of_birth: datetime.date
    programme: Programme
    study_year: int
    start_date: datetime.date
    has_start_qualification: bool
    counsellor: User | None


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    counsellor_changes: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


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


def _date(value: str) -> datetime.date | None:
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


class _Lookups:
    """Everything rows are checked against, loaded in a fixed number of queries."""

    def __init__(self, college: College):
        self.teams: dict[str, Team] = {}
        for team in Team.objects.filter(college=college):
            self.teams[team.code.lower()] = team
            self.teams[team.name.lower()] = team
        self.programmes: dict[tuple[str, str], list[Programme]] = {}
        for p in Programme.objects.filter(team__college=college).select_related("team"):
            for key in (p.crebo, p.name.lower()):
                self.programmes.setdefault((key, p.pathway), []).append(p)
        self.counsellors = {
            u.email.lower(): u
            for u in User.objects.filter(
                college=college, is_active=True, groups__name=Role.COUNSELLOR
            ).distinct()
        }
        self.other_users = set(
            User.objects.filter(college=college).values_list("email", flat=True)
        )


def validate(
    positions: dict[str, int],
    rows: list[tuple[int, list[str]]],
    college: College,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[CleanRow], list[RowError]]:
    lookups = _Lookups(college)
    today = timezone.localdate()
    clean: list[CleanRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}

    for count, (line, cells) in enumerate(rows, start=1):
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
        problems: list[str] = []

        values = {
            name: (cells[index].strip() if index < len(cells) else "")
            for name, index in positions.items()
        }

        def cell(name: str, values=values) -> str:
            return values.get(name, "")

        number = cell("student_number")
        if not number:
            problems.append(_("student number is empty"))
        elif not re.fullmatch(r"[A-Za-z0-9]{1,20}", number):
            problems.append(_("student number “%(value)s” may only contain letters and digits (at most 20)") % {"value": number})
        elif number in seen:
            problems.append(_("student number %(value)s also appears on line %(line)s") % {"value": number, "line": seen[number]})
        else:
            seen[number] = line

        first, last = cell("first_name"), cell("last_name")
        if not first:
            problems.append(_("first name is empty"))
        if not last:
            problems.append(_("last name is empty"))
        if len(first) > 100 or len(last) > 150:
            problems.append(_("name is too long"))

        born = _date(cell("date_of_birth"))
        if born is None:
            problems.append(_("date of birth “%(value)s” is not a date (use YYYY-MM-DD or DD-MM-YYYY)") % {"value": cell("date_of_birth")})
        elif not (today.year - 80 <= born.year <= today.year - 10):
            problems.append(_("date of birth %(value)s is not plausible for a student") % {"value": born.isoformat()})

        pathway = cell("pathway").upper()
        if pathway not in ("BOL", "BBL"):
            problems.append(_("pathway “%(value)s” must be BOL or BBL") % {"value": cell("pathway")})

        year_raw = cell("study_year")
        study_year = int(year_raw) if year_raw.isdigit() else None
        if study_year is None or not 1 <= study_year <= 4:
            problems.append(_("study year “%(value)s” must be 1, 2, 3 or 4") % {"value": year_raw})

        start = _date(cell("start_date"))
        if start is None:
            problems.append(_("start date “%(value)s” is not a date (use YYYY-MM-DD or DD-MM-YYYY)") % {"value": cell("start_date")})
        elif born and start <= born:
            problems.append(_("start date is before the date of birth"))

        sq_raw = cell("start_qualification").lower()
        if sq_raw in TRUE_WORDS:
            has_sq = True
        elif sq_raw in FALSE_WORDS:
            has_sq = False
        else:
            has_sq = False
            problems.append(_("start qualification “%(value)s” must be yes or no") % {"value": cell("start_qualification")})

        team_raw = cell("team")
        team = lookups.teams.get(team_raw.lower())
        if team is None:
            problems.append(_("team “%(value)s” does not exist in this college") % {"value": team_raw})

        programme = None
        crebo = cell("crebo")
        if pathway in ("BOL", "BBL"):
            key = crebo if crebo.isdigit() else crebo.lower()
            candidates = lookups.programmes.get((key, pathway), [])
            in_team = [p for p in candidates if team is not None and p.team_id == team.pk]
            if not candidates:
                problems.append(_("programme %(crebo)s is not offered as %(pathway)s in this college") % {"crebo": crebo or "—", "pathway": pathway})
            elif team is not None and not in_team:
                problems.append(_("programme %(crebo)s (%(pathway)s) is not run by team “%(team)s”") % {"crebo": crebo, "pathway": pathway, "team": team_raw})
            elif len(in_team) == 1:
                programme = in_team[0]

        counsellor = None
        email = cell("counsellor_email").lower()
        if email:
            counsellor = lookups.counsellors.get(email)
            if counsellor is None:
                if email in lookups.other_users:
                    problems.append(_("%(email)s is not a counsellor") % {"email": email})
                else:
                    problems.append(_("counsellor %(email)s is not a member of staff of this college") % {"email": email})

        if problems:
            errors.append(RowError(line=line, messages=problems))
        else:
            clean.append(
                CleanRow(
                    line=line,
                    student_number=number,
                    first_name=first,
                    last_name=last,
                    date_of_birth=born,
                    programme=programme,
                    study_year=study_year,
                    start_date=start,
                    has_start_qualification=has_sq,
                    counsellor=counsellor,
                )
            )
    if progress:
        progress(len(rows))
    return clean, errors


UPDATE_FIELDS = [
    "first_name", "last_name", "date_of_birth", "programme", "study_year", "start_date",
    "has_start_qualification", "updated_at",
]


@transaction.atomic
def apply(clean: list[CleanRow], college: College, *, by: User | None, source: str) -> ImportResult:
    """Write checked rows: create new students, update known ones, follow counsellor changes."""
    result = ImportResult(total=len(clean))
    existing = {
        s.student_number: s
        for s in Student.objects.select_for_update().filter(
            college=college, student_number__in=[r.student_number for r in clean]
        )
    }
    now = timezone.now()
    to_create, to_update = [], []
    for row in clean:
        student = existing.get(row.student_number)
        values = {
            "first_name": row.first_name,
            "last_name": row.last_name,
            "date_of_birth": row.date_of_birth,
            "programme": row.programme,
            "study_year": row.study_year,
            "start_date": row.start_date,
            "has_start_qualification": row.has_start_qualification,
        }
        if student is None:
            to_create.append(Student(college=college, student_number=row.student_number, **values))
        else:
            for key, value in values.items():
                setattr(student, key, value)
            student.updated_at = now
            to_update.append(student)
    Student.objects.bulk_create(to_create, batch_size=1000)
    Student.objects.bulk_update(to_update, UPDATE_FIELDS, batch_size=1000)
    result.created, result.updated = len(to_create), len(to_update)

    by_number = {s.student_number: s for s in [*to_create, *to_update]}
    wanted = {row.student_number: row.counsellor for row in clean if row.counsellor}
    current = {
        a.student_id: a
        for a in CounsellorAssignment.objects.select_for_update().filter(
            student__in=[by_number[n] for n in wanted], end_date__isnull=True
        )
    }
    today = timezone.localdate()
    closing, opening = [], []
    for number, counsellor in wanted.items():
        student = by_number[number]
        assignment = current.get(student.pk)
        if assignment and assignment.counsellor_id == counsellor.pk:
            continue
        start = today
        if assignment:
            assignment.end_date = max(assignment.start_date, today - datetime.timedelta(days=1))
            closing.append(assignment)
            note = _("Changed by the import of %(source)s.") % {"source": source}
        else:
            start = min(student.start_date, today)
            note = ""
        opening.append(
            CounsellorAssignment(
                student=student, counsellor=counsellor, start_date=start,
                handover_note=note, created_by=by,
            )
        )
    CounsellorAssignment.objects.bulk_update(closing, ["end_date"], batch_size=1000)
    CounsellorAssignment.objects.bulk_create(opening, batch_size=1000)
    result.counsellor_changes = len(closing)
    return result


def import_file(
    raw: bytes,
    college: College,
    *,
    by: User | None,
    source: str,
    on_total: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """The whole import of one file. Raises ImportRefused when the file cannot be read."""
    positions, rows = parse(decode(raw))
    if not rows:
        raise ImportRefused(_("The file has a header but no students."))
    if on_total:
        on_total(len(rows))
    clean, errors = validate(positions, rows, college, progress)
    if errors:
        return ImportResult(total=len(rows), errors=errors)
    return apply(clean, college, by=by, source=source)


__all__ = ["ImportRefused", "ImportResult", "import_file"]


def import_job_process(*, job_id: int) -> None:
    """Run one uploaded ImportJob; progress and outcome are written on the job row."""
    from django.utils import translation

    from .models import ImportJob

    job = ImportJob.objects.select_related("college", "uploaded_by").get(pk=job_id)
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING
    )
    if not claimed:
        return  # another worker has it, or it already ran
    language = job.uploaded_by.language if job.uploaded_by else "nl"

    def on_total(total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(total_rows=total)

    def progress(done: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done)

    with translation.override(language):
        try:
            result = import_file(
                bytes(job.content), job.college, by=job.uploaded_by, source=job.file_name,
                on_total=on_total, progress=progress,
            )
        except ImportRefused as exc:
            fields = {"status": ImportJob.Status.FAILED, "errors": [{"line": None, "messages": [str(exc)]}]}
        else:
            fields = {
                "status": ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED,
                "errors": [e.as_dict() for e in result.errors],
                "created_count": result.created,
                "updated_count": result.updated,
                "processed_rows": result.total,
            }
    # The raw file holds personal data: it is not kept once processed.
    ImportJob.objects.filter(pk=job_id).update(content=b"", finished_at=timezone.now(), **fields)
