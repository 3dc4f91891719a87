"""Retention: what is past its term is removed every night (and by `manage.py purge_expired`).

Terms are in settings.LOB_RETENTION_YEARS:
- `first_line` and `lec`: years after the student left (their end date). Past both terms the
  student is erased altogether (erasure.py), the register row included;
- `access_log`: years after the LEC access-log entry;
- `privacy_audit`: years after an export, erasure or correction was recorded.
A record is past its term on the day its date plus the term is reached.
"""

import datetime
import logging
from collections import Counter

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from lec.models import AccessLog
from students.models import Student, StudentStatus

from . import graph
from .erasure import PSEUDONYM_PREFIX, ErasureResult, erase_records
from .models import PrivacyEvent, PrivacyRequest, RequestStatus

logger = logging.getLogger(__name__)
STUDENT_KINDS = ("first_line", "lec")


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _start_of_day_after(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def _left_before(cutoff: datetime.date):
    return (Student.objects.exclude(status=StudentStatus.ACTIVE)
            .filter(end_date__lte=cutoff)
            .exclude(student_number__startswith=PSEUDONYM_PREFIX))


def _has_records(student_id, kind: str) -> bool:
    return any(sm.rows_for(student_id).exists() for sm in graph.subject_models()
               if sm.kind == kind and sm.label not in graph.AUDIT_KEEP
               and sm.label not in graph.AUDIT_DETACH)


PURGE_FUNCTION = "lec_accesslog_purge"


def _purge_function_installed(cursor) -> bool:
    cursor.execute("SELECT to_regprocedure(%s) IS NOT NULL", [f"{PURGE_FUNCTION}(timestamptz)"])
    return cursor.fetchone()[0]


def _purge_access_log(cutoff: datetime.datetime) -> int:
    """The access log refuses changes (a PostgreSQL trigger and the model); retention is the one
    caller allowed to delete from it, and only rows past their term.

    Where the audit owner role exists (lec migration 0004), the delete is done by the SECURITY
    DEFINER function `lec_accesslog_purge`, owned by that role: the trigger lets only that
    function through, so the application's own role cannot delete from the log. Without it
    (development, CI, a deployment that has not created the role yet) the trigger lets a
    DELETE through inside a transaction that has set `lob.retention_purge` (lec migration
    0003)."""

    if not AccessLog.objects.filter(at__lt=cutoff).exists():
        return 0
    table = connection.ops.quote_name(AccessLog._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(f"DELETE FROM {table} WHERE at < %s", [cutoff])  # noqa: S608
            return cursor.rowcount
        if _purge_function_installed(cursor):
            cursor.execute(f"SELECT {PURGE_FUNCTION}(%s)", [cutoff])
            return cursor.fetchone()[0]
        logger.warning("The access log is purged without its audit owner's function: the "
                       "application's role can delete from it (docs/operations.md).")
        cursor.execute("SET LOCAL lob.retention_purge = 'on'")
        cursor.execute(f"DELETE FROM {table} WHERE at < %s", [cutoff])  # noqa: S608
        deleted = cursor.rowcount
        # Inside an outer transaction SET LOCAL would outlive this block: end it here.
        cursor.execute("SET LOCAL lob.retention_purge = 'off'")
    return deleted


def _purge_orphan_shells() -> Counter:
    """Shells kept for the access log, and pseudonymised students, once nothing needs them."""
    counts: Counter = Counter()
    subject = {sm.model: sm for sm in graph.subject_models()}
    for sm in graph.subject_models():
        if sm.label not in graph.AUDIT_KEEP:
            continue
        for f in sm.model._meta.concrete_fields:
            target = f.related_model if f.is_relation else None
            if target not in subject:
                continue
            path = subject[target].paths[0]
            referenced = Exists(sm.model._default_manager.filter(**{f.attname: OuterRef("pk")}))
            orphans = (target._default_manager
                       .filter(**{f"{path}__student_number__startswith": PSEUDONYM_PREFIX})
                       .filter(~referenced))
            _n, per_model = orphans.delete()
            counts.update({k.lower(): v for k, v in per_model.items() if v})
    still_needed = [
        Exists(sm.model._default_manager.filter(**{f"{sm.paths[0]}": OuterRef("pk")}))
        for sm in graph.subject_models() if sm.paths[0] == "student"
        and sm.label not in graph.AUDIT_DETACH
    ]
    students = Student.objects.filter(student_number__startswith=PSEUDONYM_PREFIX)
    for condition in still_needed:
        students = students.filter(~condition)
    _n, per_model = students.delete()
    counts.update({k.lower(): v for k, v in per_model.items() if v})
    return counts


def _run(today: datetime.date) -> dict:
    terms = settings.LOB_RETENTION_YEARS
    result = ErasureResult()
    students_erased = 0
    # 1. Records of students who left long enough ago, kind by kind; past every term the
    #    student themself.
    full_cutoff = years_before(today, max(terms[k] for k in STUDENT_KINDS))
    for student in _left_before(full_cutoff).iterator():
        with transaction.atomic():
            result.add(erase_records(student))
            students_erased += 1
    for kind in STUDENT_KINDS:
        cutoff = years_before(today, terms[kind])
        for student in _left_before(cutoff).iterator():
            if _has_records(student.pk, kind):
                with transaction.atomic():
                    result.add(erase_records(student, kinds={kind}))
    # 2. The access log, then the shells and pseudonymised students it no longer needs.
    log_cutoff = _start_of_day_after(years_before(today, terms["access_log"]))
    access_rows = _purge_access_log(log_cutoff)
    if access_rows:
        result.deleted["lec.accesslog"] += access_rows
    with transaction.atomic():
        result.deleted.update(_purge_orphan_shells())
    # 3. The privacy audit trail.
    audit_cutoff = _start_of_day_after(years_before(today, terms["privacy_audit"]))
    with transaction.atomic():
        n, _ = PrivacyEvent.objects.filter(at__lt=audit_cutoff).delete()
        if n:
            result.deleted["privacy.privacyevent"] += n
        n, _ = (PrivacyRequest.objects.exclude(status=RequestStatus.OPEN)
                .filter(decided_at__lt=audit_cutoff).delete())
        if n:
            result.deleted["privacy.privacyrequest"] += n
    report = {"today": today.isoformat(), "students_erased": students_erased,
              **result.as_dict()}
    report["total"] = result.total
    return report


def retention_run(*, today: datetime.date | None = None, dry_run: bool = False) -> dict:
    """Apply every retention term; returns what was (or, dry run, would be) removed."""
    today = today or timezone.localdate()
    if dry_run:
        with transaction.atomic():
            report = _run(today)
            transaction.set_rollback(True)
        report["dry_run"] = True
        return report
    report = _run(today)
    report["dry_run"] = False
    with transaction.atomic():
        PrivacyEvent.objects.create(
            action=PrivacyEvent.Action.RETENTION, at=timezone.now(),
            detail={k: v for k, v in report.items() if k != "today"},
        )
    logger.info("Retention run: %s rows removed or pseudonymised, %s students erased",
                report["total"], report["students_erased"])
    return report
