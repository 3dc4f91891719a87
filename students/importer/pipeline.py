"""Checking and writing one file: two streamed passes, writes in batches."""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common.imports import batched
from staff.models import College, User

from ..models import CounsellorAssignment, Student
from ..services.portal import portal_accounts_sync
from .checks import CleanRow, Lookups, RowChecker, RowError, row_values, validate
from .reading import ImportRefused, estimate_rows, open_rows

BATCH = 1000


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
    positions, rows = open_rows(raw)
    if on_total:
        on_total(estimate_rows(raw))
    lookups = Lookups(college)
    total, errors = validate(positions, rows, lookups, progress)
    if not total:
        raise ImportRefused(gettext_noop("The file has a header but no students."))
    if on_total:
        on_total(total)
    if errors:
        return ImportResult(total=total, errors=errors)
    positions, rows = open_rows(raw)
    result = apply(_clean(positions, rows, lookups), college, by=by, source=source)
    result.total = total
    return result


def _clean(positions: dict[str, int], rows: Iterable[tuple[int, list[str]]],
           lookups: Lookups) -> Iterator[CleanRow]:
    """The rows of a file that passed validate(), checked again as they are written."""
    checker = RowChecker(lookups, timezone.localdate())
    for line, cells in rows:
        checked = checker.check(line, row_values(positions, cells))
        if isinstance(checked, RowError):  # only when midnight passed between the two reads
            raise ImportRefused(gettext_noop("Something changed while the file was imported; nothing was imported. Upload it again."))
        yield checked


COMPARED = [
    "first_name", "last_name", "date_of_birth", "programme_id", "study_year", "start_date",
    "has_start_qualification",
]
SHARED_VALUE_ROWS = 20  # rows sharing a new value from which one UPDATE ... IN is used
CASE_BATCH = 100  # rows per bulk_update statement


@transaction.atomic
def apply(clean: Iterable[CleanRow], college: College, *, by: User | None,
          source: str) -> ImportResult:
    """Write checked rows in batches: create new students, update the known ones whose values
    changed, follow counsellor changes. Imports of one college run one after the other."""
    # FOR NO KEY UPDATE: a second import of this college waits here, while inserts that refer
    # to the college (they take a key-share lock) are not held up.
    College.objects.select_for_update(no_key=True).filter(pk=college.pk).exists()
    existing = {
        number: (pk, values)
        for pk, number, *values in Student.objects.filter(college=college)
        .values_list("pk", "student_number", *COMPARED).iterator(chunk_size=5000)
    }
    result = ImportResult()
    now = timezone.now()
    for batch in batched(clean, BATCH):
        students = _write_batch(batch, college, existing, now, result)
        wanted = [(student, row.counsellor) for student, row in zip(students, batch, strict=True)
                  if row.counsellor]
        result.counsellor_changes += _follow_counsellors(wanted, by=by, source=source)
        # Portal accounts follow the register: made for active students (and guardians) with
        # an e-mail address, closed for those who left (students.services.portal).
        portal_accounts_sync(students=students)
    return result


def _write_batch(batch: tuple[CleanRow, ...], college: College, existing: dict,
                 now: datetime.datetime, result: ImportResult) -> list[Student]:
    """Create and update one batch's students (set-based); returns them in the batch's order."""
    students, to_create, changes = [], [], []
    for row in batch:
        values = [getattr(row, f.removesuffix("_id")) for f in COMPARED]
        values[COMPARED.index("programme_id")] = row.programme.pk
        student = Student(college=college, student_number=row.student_number,
                          **dict(zip(COMPARED, values, strict=True)))
        known = existing.get(row.student_number)
        if known is None:
            to_create.append(student)
        else:
            student.pk = known[0]
            result.updated += 1
            changed = [f for f, old, new in zip(COMPARED, known[1], values, strict=True) if old != new]
            if changed:
                changes.append((student, changed))
        students.append(student)
    Student.objects.bulk_create(to_create, batch_size=BATCH)
    _update(changes, now)
    result.created += len(to_create)
    return students


def _update(changes: list[tuple[Student, list[str]]], now: datetime.datetime) -> None:
    """Write only the changed fields. A value shared by many rows (a new study year, a moved
    programme) is one UPDATE ... WHERE id IN (...); the rest go through bulk_update in small
    batches (its CASE per row costs O(batch) per row, which made 50,000 updates take minutes)."""
    by_value: dict[tuple[str, object], list[Student]] = {}
    for student, fields in changes:
        for name in fields:
            by_value.setdefault((name, getattr(student, name)), []).append(student)
    scattered: dict[str, list[Student]] = {}
    for (name, value), students in by_value.items():
        if len(students) >= SHARED_VALUE_ROWS:
            Student.objects.filter(pk__in=[s.pk for s in students]).update(**{name: value})
        else:
            scattered.setdefault(name.removesuffix("_id"), []).extend(students)
    for name, students in scattered.items():
        Student.objects.bulk_update(students, [name], batch_size=CASE_BATCH)
    if changes:
        Student.objects.filter(pk__in=[s.pk for s, _fields in changes]).update(updated_at=now)


def _close(assignments: list[CounsellorAssignment]) -> None:
    """Set the end dates: one UPDATE per distinct date (nearly always one), not a CASE per row."""
    by_date: dict[datetime.date, list[int]] = {}
    for assignment in assignments:
        by_date.setdefault(assignment.end_date, []).append(assignment.pk)
    for end_date, pks in by_date.items():
        CounsellorAssignment.objects.filter(pk__in=pks).update(end_date=end_date)


def _follow_counsellors(wanted: list[tuple[Student, User]], *, by: User | None,
                        source: str) -> int:
    """Give each student the counsellor the file names; returns how many changed counsellor
    (a student without one is assigned from their start date)."""
    if not wanted:
        return 0
    current = {
        a.student_id: a
        for a in CounsellorAssignment.objects.select_for_update().filter(
            student_id__in=[student.pk for student, _counsellor in wanted], end_date__isnull=True
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
    _close(closing)
    CounsellorAssignment.objects.bulk_create(opening, batch_size=BATCH)
    return len(closing)
