"""Checking and writing one file: two streamed passes, writes in batches."""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common.imports import CheckedRows, batched
from staff.models import College, User

from ..models import CounsellorAssignment, Group, Guardian, Student, StudentStatus
from ..services.portal import portal_accounts_sync
from .checks import CleanRow, GuardianRow, Lookups, RowChecker, RowError, validate
from .reading import ImportRefused, estimate_rows, open_rows

BATCH = 1000


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    counsellor_changes: int = 0
    missing: int = 0  # active students a full export did not list (flagged, not deleted)
    groups_created: int = 0
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
    full_export: bool = False,
    on_total: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
    written: Callable[[int], None] | None = None,
) -> ImportResult:
    """The whole import of one file: `progress` hears how many rows were checked, `written`
    how many were written (after each batch). Raises ImportRefused when the file cannot be read.
    With `full_export` the file lists every enrolled student of the college: the active ones
    it leaves out are flagged (Student.missing_from_export_since), never deleted."""
    positions, rows = open_rows(raw)
    if ("end_date" in positions or "end_reason" in positions) and "status" not in positions:
        raise ImportRefused(gettext_noop("An end date or reason for leaving needs the status column too."))
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
    result = apply(_clean(positions, rows, lookups), college, by=by, source=source,
                   fields=_compared(positions), full_export=full_export, written=written)
    result.total = total
    return result


def _clean(positions: dict[str, int], rows: Iterable[tuple[int, list[str]]],
           lookups: Lookups) -> Iterator[CleanRow]:
    """The rows of a file that passed validate(), checked again as they are written."""
    checker = RowChecker(lookups, timezone.localdate())
    for _line, checked in CheckedRows(checker, positions, rows):
        if isinstance(checked, RowError):  # only when midnight passed between the two reads
            raise ImportRefused(gettext_noop("Something changed while the file was imported; nothing was imported. Upload it again."))
        yield checked


COMPARED = [
    "first_name", "last_name", "date_of_birth", "programme_id", "study_year", "start_date",
    "has_start_qualification",
]
# Written together in one statement: the register's check constraints tie them (a student who
# left has an end date), so a half-written change would be refused.
LEAVING = ["status", "end_date", "end_reason"]
OPTIONAL = {"status": LEAVING, "email": ["email"], "phone": ["phone"]}


def _compared(positions: dict[str, int]) -> list[str]:
    """The Student fields this file sets: the fixed ones and those of its optional columns."""
    fields = list(COMPARED)
    for column, names in OPTIONAL.items():
        if column in positions:
            fields.extend(names)
    return fields
SHARED_VALUE_ROWS = 20  # rows sharing a new value from which one UPDATE ... IN is used
CASE_BATCH = 100  # rows per bulk_update statement


@transaction.atomic
def apply(clean: Iterable[CleanRow], college: College, *, by: User | None, source: str,
          fields: list[str] = COMPARED, full_export: bool = False,
          written: Callable[[int], None] | None = None) -> ImportResult:
    """Write checked rows in batches: create new students, update the known ones whose values
    changed, follow counsellor changes, groups and guardians; with `full_export` flag the
    active students the file left out. Imports of one college run one after the other."""
    # FOR NO KEY UPDATE: a second import of this college waits here, while inserts that refer
    # to the college (they take a key-share lock) are not held up.
    College.objects.select_for_update(no_key=True).filter(pk=college.pk).exists()
    existing = {
        number: (pk, values)
        for pk, number, *values in Student.objects.filter(college=college)
        .values_list("pk", "student_number", *fields).iterator(chunk_size=5000)
    }
    groups = {
        (team_id, name.lower()): pk
        for pk, team_id, name in Group.objects.filter(team__college=college)
        .values_list("pk", "team_id", "name")
    }
    result = ImportResult()
    now = timezone.now()
    seen: set[int] = set()
    if written:
        written(0)
    for batch in batched(clean, BATCH):
        students, new = _write_batch(batch, college, existing, fields, now, result)
        seen.update(s.pk for s in students)
        wanted = [(student, row.counsellor) for student, row in zip(students, batch, strict=True)
                  if row.counsellor]
        # A student made by this batch has no counsellor, groups or guardians yet: the
        # lookups of what is there ask only about the others (`new`).
        result.counsellor_changes += _follow_counsellors(wanted, new, by=by, source=source)
        result.groups_created += _follow_groups(students, new, batch, groups)
        _follow_guardians(students, new, batch)
        # Portal accounts follow the register: made for active students (and guardians) with
        # an e-mail address, closed for those who left (students.services.portal).
        portal_accounts_sync(students=students)
        if written:
            written(len(seen))
    if full_export:
        result.missing = _flag_missing(college, seen, timezone.localdate())
    return result


def _write_batch(batch: tuple[CleanRow, ...], college: College, existing: dict,
                 fields: list[str], now: datetime.datetime,
                 result: ImportResult) -> tuple[list[Student], set[int]]:
    """Create and update one batch's students (set-based); returns them in the batch's order,
    and the pks of those it created."""
    students, to_create, changes = [], [], []
    for row in batch:
        values = [row.programme.pk if f == "programme_id" else getattr(row, f) for f in fields]
        student = Student(college=college, student_number=row.student_number,
                          **dict(zip(fields, values, strict=True)))
        known = existing.get(row.student_number)
        if known is None:
            to_create.append(student)
        else:
            student.pk = known[0]
            result.updated += 1
            changed = [f for f, old, new in zip(fields, known[1], values, strict=True) if old != new]
            if changed:
                changes.append((student, changed))
        students.append(student)
    Student.objects.bulk_create(to_create, batch_size=BATCH)
    _update(changes, now)
    result.created += len(to_create)
    return students, {s.pk for s in to_create}


def _update(changes: list[tuple[Student, list[str]]], now: datetime.datetime) -> None:
    """Write only the changed fields. A value shared by many rows (a new study year, a moved
    programme) is one UPDATE ... WHERE id IN (...); the rest go through bulk_update in small
    batches (its CASE per row costs O(batch) per row, which made 50,000 updates take minutes).
    The leaving fields go together (LEAVING)."""
    by_value: dict[tuple[str, object], list[Student]] = {}
    leaving: list[Student] = []
    for student, fields in changes:
        if any(name in LEAVING for name in fields):
            leaving.append(student)
        for name in fields:
            if name not in LEAVING:
                by_value.setdefault((name, getattr(student, name)), []).append(student)
    scattered: dict[str, list[Student]] = {}
    for (name, value), students in by_value.items():
        if len(students) >= SHARED_VALUE_ROWS:
            Student.objects.filter(pk__in=[s.pk for s in students]).update(**{name: value})
        else:
            scattered.setdefault(name.removesuffix("_id"), []).extend(students)
    for name, students in scattered.items():
        Student.objects.bulk_update(students, [name], batch_size=CASE_BATCH)
    if leaving:
        Student.objects.bulk_update(leaving, LEAVING, batch_size=CASE_BATCH)
    if changes:
        Student.objects.filter(pk__in=[s.pk for s, _fields in changes]).update(updated_at=now)


def _follow_groups(students: list[Student], new: set[int], batch: tuple[CleanRow, ...],
                   groups: dict[tuple[int, str], int]) -> int:
    """Make each student a member of the groups their row names (one per kind the file has a
    column for, none when the cell is empty), creating groups new to the team; returns how
    many groups were created."""
    pairs = [(s, row) for s, row in zip(students, batch, strict=True) if row.groups is not None]
    if not pairs:
        return 0
    made: dict[tuple[int, str], Group] = {}
    for _student, row in pairs:
        for kind, name in row.groups.items():
            key = (row.programme.team_id, name.lower())
            if name and key not in groups and key not in made:
                made[key] = Group(team_id=row.programme.team_id, name=name, kind=kind)
    Group.objects.bulk_create(made.values(), batch_size=BATCH)
    groups.update((key, group.pk) for key, group in made.items())
    wanted = {(student.pk, groups[(row.programme.team_id, name.lower())])
              for student, row in pairs for name in row.groups.values() if name}
    kinds = {kind for _student, row in pairs for kind in row.groups}
    through = Student.groups.through
    known = [s.pk for s, _row in pairs if s.pk not in new]
    current = set(through.objects.filter(
        student_id__in=known, group__kind__in=kinds,
    ).values_list("student_id", "group_id")) if known else set()
    gone = current - wanted
    if gone:
        by_student: dict[int, list[int]] = {}
        for student_id, group_id in gone:
            by_student.setdefault(student_id, []).append(group_id)
        condition = Q()
        for student_id, group_ids in by_student.items():
            condition |= Q(student_id=student_id, group_id__in=group_ids)
        through.objects.filter(condition).delete()
    through.objects.bulk_create(
        [through(student_id=s, group_id=g) for s, g in wanted - current], batch_size=BATCH
    )
    return len(made)


GUARDIAN_FIELDS = ["first_name", "last_name", "email", "phone", "relation"]


def _follow_guardians(students: list[Student], new: set[int], batch: tuple[CleanRow, ...]) -> None:
    """Make each student's guardians those of their row: matched by e-mail, else by name;
    a guardian the row no longer lists is removed unless they have a portal account (their
    account and what it may see are not the import's to end)."""
    pairs = [(s, row) for s, row in zip(students, batch, strict=True) if row.guardians is not None]
    if not pairs:
        return
    current: dict[int, list[Guardian]] = {}
    known = [s.pk for s, _row in pairs if s.pk not in new]
    for guardian in Guardian.objects.filter(student_id__in=known) if known else ():
        current.setdefault(guardian.student_id, []).append(guardian)
    create, update, delete = [], [], []
    for student, row in pairs:
        left = list(current.get(student.pk, []))
        for wanted in row.guardians:
            match = _match_guardian(left, wanted)
            if match is None:
                create.append(Guardian(student_id=student.pk, **_guardian_values(wanted)))
                continue
            left.remove(match)
            values = _guardian_values(wanted)
            if any(getattr(match, f) != v for f, v in values.items()):
                for f, v in values.items():
                    setattr(match, f, v)
                update.append(match)
        delete.extend(g.pk for g in left if g.account_id is None)
    if delete:
        Guardian.objects.filter(pk__in=delete).delete()
    if update:
        Guardian.objects.bulk_update(update, GUARDIAN_FIELDS, batch_size=CASE_BATCH)
    Guardian.objects.bulk_create(create, batch_size=BATCH)


def _guardian_values(row: GuardianRow) -> dict:
    return {f: getattr(row, f) for f in GUARDIAN_FIELDS}


def _match_guardian(candidates: list[Guardian], wanted: GuardianRow) -> Guardian | None:
    if wanted.email:
        for g in candidates:
            if g.email.lower() == wanted.email:
                return g
    for g in candidates:
        if (g.last_name.lower(), g.first_name.lower()) == (
                wanted.last_name.lower(), wanted.first_name.lower()):
            return g
    return None


def _flag_missing(college: College, seen: set[int], today: datetime.date) -> int:
    """Flag the college's active students the full export did not list (from today, unless
    already flagged) and clear the flag of those it listed; returns how many are flagged."""
    active = Student.objects.filter(college=college, status=StudentStatus.ACTIVE)
    missing = [pk for pk in active.values_list("pk", flat=True).iterator(chunk_size=5000)
               if pk not in seen]
    for chunk in batched(missing, 5000):
        Student.objects.filter(pk__in=chunk, missing_from_export_since__isnull=True).update(
            missing_from_export_since=today)
    flagged_before = Student.objects.filter(
        college=college, missing_from_export_since__isnull=False
    ).values_list("pk", flat=True)
    back = [pk for pk in flagged_before if pk in seen]
    for chunk in batched(back, 5000):
        Student.objects.filter(pk__in=chunk).update(missing_from_export_since=None)
    return len(missing)


def _close(assignments: list[CounsellorAssignment]) -> None:
    """Set the end dates: one UPDATE per distinct date (nearly always one), not a CASE per row."""
    by_date: dict[datetime.date, list[int]] = {}
    for assignment in assignments:
        by_date.setdefault(assignment.end_date, []).append(assignment.pk)
    for end_date, pks in by_date.items():
        CounsellorAssignment.objects.filter(pk__in=pks).update(end_date=end_date)


def _follow_counsellors(wanted: list[tuple[Student, User]], new: set[int], *,
                        by: User | None, source: str) -> int:
    """Give each student the counsellor the file names; returns how many changed counsellor
    (a student without one is assigned from their start date)."""
    if not wanted:
        return 0
    known = [student.pk for student, _counsellor in wanted if student.pk not in new]
    current = {
        a.student_id: a
        for a in CounsellorAssignment.objects.select_for_update().filter(
            student_id__in=known, end_date__isnull=True
        )
    } if known else {}
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
