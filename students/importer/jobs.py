"""Uploaded files as ImportJobs: submitting one (once per file), running it, failing the stuck.

Whatever happens to a job, it ends as done or failed and its raw file (personal data) is
deleted: a crash is reported on the job, and a job that never finishes is failed by
fail_stuck_jobs (run by beat, see CELERY_BEAT_SCHEDULE).
"""

import datetime
import hashlib
import logging
from collections.abc import Callable
from functools import partial

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_noop as _

from common.imports import finish_job, report_written

from ..models import ImportJob
from .checks import Problem
from .pipeline import import_file
from .reading import ImportRefused

logger = logging.getLogger(__name__)

# Seconds the import task may run (Celery kills it after that); a job still pending or running
# twice that long after its upload is failed by the sweep.
TIME_LIMIT = 30 * 60
STUCK_AFTER = datetime.timedelta(seconds=2 * TIME_LIMIT)
ACTIVE = [ImportJob.Status.PENDING, ImportJob.Status.RUNNING]

STOPPED = _("The import stopped before it finished; nothing was imported. Upload the file again; if this happens again, tell the functional administrator.")
NOT_QUEUED = _("The import could not be started (the task queue is not reachable); nothing was imported. Upload the file again later.")


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def submit(*, college_id: int, user, file_name: str, content: bytes,
           enqueue: Callable[[int], object], kind: str = ImportJob.Kind.STUDENTS,
           full_export: bool = False,
           source: str = ImportJob.Source.UPLOAD) -> tuple[ImportJob, bool]:
    """(the job for this upload, whether it is new); a new job is queued once the transaction
    commits. The same file uploaded again while its first job is waiting or running gives
    that first job (no second run)."""
    digest = content_hash(content)
    same = ImportJob.objects.filter(college_id=college_id, content_hash=digest, status__in=ACTIVE)
    first = same.defer("content").first()
    if first is not None:
        return first, False
    try:
        with transaction.atomic():
            job = ImportJob.objects.create(
                college_id=college_id, uploaded_by=user, file_name=file_name[:255],
                content=content, content_hash=digest, kind=kind, full_export=full_export,
                source=source,
            )
    except IntegrityError:
        # A simultaneous upload of the same file won the race (unique while active).
        return ImportJob.objects.filter(college_id=college_id, content_hash=digest).defer(
            "content").latest("created_at"), False
    transaction.on_commit(partial(_enqueue, job.pk, enqueue))
    return job, True


def _enqueue(job_id: int, enqueue: Callable[[int], object]) -> None:
    try:
        enqueue(job_id)
    except Exception as exc:  # the broker's errors vary by transport; any means "not queued"
        logger.error("import job %s could not be queued: %s", job_id, type(exc).__name__)
        _finish(job_id, status=ImportJob.Status.FAILED, errors=[_file_error(NOT_QUEUED)])


def _file_error(msgid: str) -> dict:
    return {"line": None, "messages": [Problem(msgid, {}).as_dict()]}


def _finish(job_id: int, **fields) -> None:
    finish_job(ImportJob, job_id, **fields)


def import_job_process(*, job_id: int) -> None:
    """Run one uploaded ImportJob; progress and outcome are written on the job row. Any crash
    ends the job as failed (logged without its content, which holds personal data)."""
    job = ImportJob.objects.select_related("college", "uploaded_by").filter(pk=job_id).first()
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING
    )
    if job is None or not claimed:
        return  # another worker has it, it already ran, or the sweep failed it
    # The handover note written for a counsellor change is stored text: the uploader's language.
    language = job.uploaded_by.language if job.uploaded_by else "nl"

    def on_total(total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(total_rows=total)

    def progress(done: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done)

    def written(done: int) -> None:  # inside the write's transaction: not on the job row
        report_written(ImportJob, job_id, done)

    try:
        with translation.override(language):
            result = run_job_file(job, on_total=on_total, progress=progress, written=written)
    except ImportRefused as exc:
        fields = {"status": ImportJob.Status.FAILED,
                  "errors": [{"line": None, "messages": [exc.problem.as_dict()]}]}
    except Exception as exc:
        logger.error("import job %s stopped: %s", job_id, type(exc).__name__)
        fields = {"status": ImportJob.Status.FAILED, "errors": [_file_error(STOPPED)]}
    else:
        fields = {
            "status": ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED,
            "errors": [e.as_dict() for e in result.errors],
            "created_count": result.created,
            "updated_count": result.updated,
            "missing_count": result.missing,
            "processed_rows": result.total,
            "total_rows": result.total,
        }
    try:
        _finish(job_id, **fields)
    except DatabaseError as exc:  # the report itself could not be stored: still end the job
        logger.error("import job %s: outcome not stored: %s", job_id, type(exc).__name__)
        _finish(job_id, status=ImportJob.Status.FAILED, errors=[_file_error(STOPPED)])


def run_job_file(job: ImportJob, **callbacks):
    """The job's file through the importer of its kind."""
    if job.kind == ImportJob.Kind.ABSENCES:
        from .absences import import_absences

        return import_absences(bytes(job.content), job.college, **callbacks)
    return import_file(bytes(job.content), job.college, by=job.uploaded_by, source=job.file_name,
                       full_export=job.full_export, **callbacks)


def fail_stuck_jobs(now: datetime.datetime | None = None) -> int:
    """Fail the jobs still waiting or running long after their time limit (a killed worker, a
    lost message) and delete their files; returns how many."""
    now = now or timezone.now()
    return ImportJob.objects.filter(status__in=ACTIVE, created_at__lt=now - STUCK_AFTER).update(
        status=ImportJob.Status.FAILED, content=b"", finished_at=now,
        errors=[_file_error(STOPPED)],
    )
