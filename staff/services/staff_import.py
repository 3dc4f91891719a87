"""Uploaded staff files as StaffImportJobs (the job mechanics are common.imports')."""

import datetime
import logging

from django.db import DatabaseError
from django.utils import translation

from common.imports import (
    STOPPED,
    ImportRefused,
    claim_job,
    fail_stuck_jobs,
    file_error,
    finish_job,
    report_written,
    submit_job,
)

from ..importer import import_staff_file
from ..models import StaffImportJob

logger = logging.getLogger(__name__)

TIME_LIMIT = 10 * 60
STUCK_AFTER = datetime.timedelta(seconds=2 * TIME_LIMIT)


def staff_import_submit(*, college_id: int, user, file_name: str, content: bytes,
                        full_export: bool, enqueue) -> tuple[StaffImportJob, bool]:
    """(the job for this upload, whether it is new); queued once the transaction commits."""
    return submit_job(StaffImportJob, college_id=college_id, user=user, file_name=file_name,
                      content=content, enqueue=enqueue, full_export=full_export)


def staff_import_process(*, job_id: int) -> None:
    """Run one uploaded StaffImportJob; progress and outcome are written on the job row."""
    job = claim_job(StaffImportJob, job_id)
    if job is None:
        return

    def on_total(total: int) -> None:
        StaffImportJob.objects.filter(pk=job_id).update(total_rows=total)

    def progress(done: int) -> None:
        StaffImportJob.objects.filter(pk=job_id).update(processed_rows=done)

    def written(done: int) -> None:  # inside the write's transaction: not on the job row
        report_written(StaffImportJob, job_id, done)

    language = job.uploaded_by.language if job.uploaded_by else "nl"
    try:
        with translation.override(language):
            result = import_staff_file(
                bytes(job.content), job.college, by=job.uploaded_by,
                source=job.file_name, full_export=job.full_export,
                on_total=on_total, progress=progress, written=written,
            )
    except ImportRefused as exc:
        fields = {"status": StaffImportJob.Status.FAILED,
                  "errors": [{"line": None, "messages": [exc.problem.as_dict()]}]}
    except Exception as exc:
        logger.error("staff import job %s stopped: %s", job_id, type(exc).__name__)
        fields = {"status": StaffImportJob.Status.FAILED, "errors": [file_error(STOPPED)]}
    else:
        fields = {
            "status": StaffImportJob.Status.DONE if result.ok else StaffImportJob.Status.FAILED,
            "errors": [e.as_dict() for e in result.errors],
            "summary": result.summary() if result.ok else {},
            "processed_rows": result.total,
            "total_rows": result.total,
        }
    try:
        finish_job(StaffImportJob, job_id, **fields)
    except DatabaseError as exc:
        logger.error("staff import job %s: outcome not stored: %s", job_id, type(exc).__name__)
        finish_job(StaffImportJob, job_id, status=StaffImportJob.Status.FAILED,
                   errors=[file_error(STOPPED)])


def fail_stuck_staff_imports() -> int:
    return fail_stuck_jobs(StaffImportJob, stuck_after=STUCK_AFTER)
