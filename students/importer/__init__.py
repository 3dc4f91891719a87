"""Import of the student information system's CSV export.

All or nothing: every row is checked first; a file with any bad row imports nothing and every
bad row is reported with its line number and reason. Re-importing updates students by student
number. Comma, semicolon and tab separated files in UTF-8 (with or without BOM), Windows-1252
and Latin-1 are read; anything else is refused with a clear message.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from staff.models import College, User

from ..models import CounsellorAssignment, ImportJob, Student
from .checks import CleanRow, RowError, validate
from .reading import ImportRefused, decode, parse

__all__ = ["ImportRefused", "ImportResult", "import_file", "import_job_process"]


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


UPDATE_FIELDS = [
    "first_name", "last_name", "date_of_birth", "programme", "study_year", "start_date",
    "has_start_qualification", "updated_at",
]


@transaction.atomic
def apply(clean: list[CleanRow], college: College, *, by: User | None, source: str) -> ImportResult:
    """Write checked rows: create new students, update known ones, follow counsellor changes."""
    result = ImportResult(total=len(clean))
    to_create, to_update = _write_students(clean, college)
    result.created, result.updated = len(to_create), len(to_update)
    by_number = {s.student_number: s for s in [*to_create, *to_update]}
    wanted = [(by_number[row.student_number], row.counsellor) for row in clean if row.counsellor]
    result.counsellor_changes = _follow_counsellors(wanted, by=by, source=source)
    return result


def _write_students(clean: list[CleanRow], college: College) -> tuple[list[Student], list[Student]]:
    """Create the new students and update the known ones (by student number)."""
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
    return to_create, to_update


def _follow_counsellors(wanted: list[tuple[Student, User]], *, by: User | None,
                        source: str) -> int:
    """Give each student the counsellor the file names; returns how many changed counsellor
    (a student without one is assigned from their start date)."""
    current = {
        a.student_id: a
        for a in CounsellorAssignment.objects.select_for_update().filter(
            student__in=[student for student, _counsellor in wanted], end_date__isnull=True
        )
    }
    today = timezone.localdate()
    closing, opening = [], []
    for student, counsellor in wanted:
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
    return len(closing)


def import_job_process(*, job_id: int) -> None:
    """Run one uploaded ImportJob; progress and outcome are written on the job row."""
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
