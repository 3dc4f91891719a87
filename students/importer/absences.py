"""Import of absence data as the student information system exports it: one row per student
per day, or per lesson. All or nothing like the student import; a file replaces, for every
(student, day) it lists, what was recorded for that day (a corrected export corrects)."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import gettext_noop as _

from common.dates import EARLIEST
from common.import_columns import Column, ColumnSet
from common.imports import BadRows, CheckedRows, batched
from staff.models import College

from ..models import Absence, Student
from .checks import (
    ASCII_DIGITS,
    CONTROL_CHARS,
    FALSE_WORDS,
    TRUE_WORDS,
    RowError,
    _date,
    problem,
)
from .pipeline import BATCH, ImportResult
from .reading import UNNAMED, ImportRefused, estimate_rows, open_rows

ABSENCE_COLUMNS = ColumnSet([
    Column("student_number", _l("student number"), "studentnummer",
           aliases=("studentnumber", "leerlingnummer", "studnr", "number"), example="300001"),
    Column("date", _l("date"), "datum", aliases=("date", "verzuimdatum", "dag"),
           example="14-09-2026", help=_l("DD-MM-YYYY or YYYY-MM-DD")),
    Column("lesson", _l("lesson"), "les", aliases=("lesuur", "lesson", "vak", "uur"),
           required=False, example="3",
           help=_l("empty (or no column): the whole day; otherwise the lesson (hour or subject)")),
    Column("excused", _l("excused"), "geoorloofd",
           aliases=("excused", "geoorloofd verzuim", "geoorloofdverzuim"), example="nee",
           help=_l("ja (excused: ill, appointment) or nee (unexcused)")),
    Column("minutes", _l("minutes"), "minuten", aliases=("minutes", "duur"), required=False,
           example="50"),
    Column("reason", _l("reason"), "reden", aliases=("reason", "verzuimreden", "soort"),
           required=False, example="", help=_l("free text, at most 100 characters")),
])
ABSENCE_TEMPLATE_FILENAME = "lob-verzuim-sjabloon.csv"


@dataclass(slots=True)
class AbsenceRow:
    student_id: int
    date: datetime.date
    lesson: str
    excused: bool
    minutes: int | None
    reason: str


class AbsenceChecker:
    def __init__(self, students: dict[str, int], today: datetime.date):
        self.students = students
        self.today = today
        self.seen: dict[tuple[str, datetime.date, str], int] = {}

    def check(self, line: int, values: dict[str, str]) -> AbsenceRow | RowError:
        problems = []
        if any(CONTROL_CHARS.search(v) for v in values.values()):
            problems.append(problem(_("the row contains a control character (such as a NUL byte)")))
        number = values.get("student_number", "")
        student_id = self.students.get(number)
        if student_id is None:
            problems.append(problem(_("student number “%(value)s” is not a student of this college"), value=number))
        raw_date = values.get("date", "")
        day = _date(raw_date)
        if day is None:
            problems.append(problem(_("date “%(value)s” is not a date (use YYYY-MM-DD or DD-MM-YYYY)"), value=raw_date))
        elif not EARLIEST <= day <= self.today:
            problems.append(problem(_("date %(value)s is in the future or not plausible"), value=day.isoformat()))
        lesson = values.get("lesson", "")
        if len(lesson) > 50:
            problems.append(problem(_("lesson “%(value)s” is longer than 50 characters"), value=lesson))
        excused_raw = values.get("excused", "").lower()
        if excused_raw in TRUE_WORDS:
            excused = True
        else:
            excused = False
            if excused_raw not in FALSE_WORDS or not excused_raw:
                problems.append(problem(_("excused “%(value)s” must be ja or nee"), value=values.get("excused", "")))
        minutes_raw = values.get("minutes", "")
        minutes = int(minutes_raw) if ASCII_DIGITS.fullmatch(minutes_raw) else None
        if minutes_raw and (minutes is None or not 0 < minutes <= 24 * 60):
            problems.append(problem(_("minutes “%(value)s” must be a whole number from 1 to 1440"), value=minutes_raw))
        reason = values.get("reason", "")
        if len(reason) > 100:
            problems.append(problem(_("reason is longer than 100 characters")))
        if any(name.startswith(UNNAMED) and value for name, value in values.items()):
            problems.append(problem(_("the row has a value in a column without a header")))
        if day is not None and number:
            key = (number, day, lesson.lower())
            if key in self.seen:
                problems.append(problem(_("this absence also appears on line %(line)s"), line=self.seen[key]))
            else:
                self.seen[key] = line
        if problems:
            return RowError(line=line, problems=problems)
        return AbsenceRow(student_id, day, lesson, excused, minutes, reason)


def import_absences(raw: bytes, college: College, *,
                    on_total: Callable[[int], None] | None = None,
                    progress: Callable[[int], None] | None = None,
                    written: Callable[[int], None] | None = None) -> ImportResult:
    """Check every row, then (only when all are good) write them. ImportRefused when the file
    cannot be read."""
    positions, rows = open_rows(raw, ABSENCE_COLUMNS)
    if on_total:
        on_total(estimate_rows(raw))
    students = dict(Student.objects.filter(college=college)
                    .values_list("student_number", "pk").iterator(chunk_size=5000))
    checker = AbsenceChecker(students, timezone.localdate())
    good: list[AbsenceRow] = []
    bad = BadRows(1000)
    read = CheckedRows(checker, positions, rows, progress)
    for _line, checked in read:
        if isinstance(checked, RowError):
            bad.add(checked)
        elif not bad.count:
            good.append(checked)
    total = read.count
    if progress:
        progress(total)
    if not total:
        raise ImportRefused(_("The file has a header but no rows."))
    if on_total:
        on_total(total)
    if bad.count:
        return ImportResult(total=total, errors=bad.report())
    result = ImportResult(total=total)
    result.created = _write(good, written)
    return result


@transaction.atomic
def _write(rows: Iterable[AbsenceRow], report: Callable[[int], None] | None = None) -> int:
    written = 0
    replaced: set[tuple[int, datetime.date]] = set()  # (student, day) already cleared
    for batch in batched(rows, BATCH):
        by_day: dict[datetime.date, set[int]] = {}
        for row in batch:
            if (row.student_id, row.date) not in replaced:
                replaced.add((row.student_id, row.date))
                by_day.setdefault(row.date, set()).add(row.student_id)
        if by_day:
            condition = Q()
            for day, ids in by_day.items():
                condition |= Q(date=day, student_id__in=ids)
            Absence.objects.filter(condition).delete()
        Absence.objects.bulk_create([
            Absence(student_id=r.student_id, date=r.date, lesson=r.lesson, excused=r.excused,
                    minutes=r.minutes, reason=r.reason) for r in batch
        ], batch_size=BATCH)
        written += len(batch)
        if report:
            report(written)
    return written
