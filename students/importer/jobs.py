"""Uploaded files as ImportJobs: submitting one (once per file), running it, failing the stuck.

Whatever happens to a job, it ends as done or failed and its raw file (personal data) is
deleted: a crash is reported on the job, and a job that never finishes is failed by
fail_stuck_jobs (run by beat, see CELERY_BEAT_SCHEDULE).
"""

import datetime
import logging

from django.db import DatabaseError
from django.utils import translation

from common.imports import (
    STOPPED,
    claim_job,
    file_error,
    finish_job,
    submit_job,
)
from common.imports import fail_stuck_jobs as fail_stuck

from ..models import ImportJob
from .pipeline import import_file
from .reading import ImportRefused

logger = logging.getLogger(__name__)

# Seconds the import task may run (Celery kills it after that); a job still pending or running
# twice that long after its upload is failed by the sweep.
TIME_LIMIT = 30 * 60
STUCK_AFTER = datetime.timedelta(seconds=2 * TIME_LIMIT)


def submit(*, college_id: int, user, file_name: str, content: bytes, enqueue):
    """(the job for this upload, whether it is new): see common.imports.submit_job."""
    return submit_job(ImportJob, college_id=college_id, user=user, file_name=file_name,
                      content=content, enqueue=enqueue)


def _file_error(msgid: str) -> dict:
    return file_error(msgid)


def _finish(job_id: int, **fields) -> None:
    finish_job(ImportJob, job_id, **fields)


def import_job_process(*, job_id: int) -> None:
    """Run one uploaded ImportJob; progress and outcome are written on the job row. Any crash
    ends the job as failed (logged without its content, which holds personal data)."""
    job = claim_job(ImportJob, job_id)
    if job is None:
        return  # another worker has it, it already ran, or the sweep failed it
    # The handover note written for a counsellor change is stored text: the uploader's language.
    language = job.uploaded_by.language if job.uploaded_by else "nl"

    def on_total(total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(total_rows=total)

    def progress(done: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done)

    try:
        with translation.override(language):
            result = import_file(
                bytes(job.content), job.college, by=job.uploaded_by, source=job.file_name,
                on_total=on_total, progress=progress,
            )
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
            "processed_rows": result.total,
            "total_rows": result.total,
        }
    try:
        _finish(job_id, **fields)
    except DatabaseError as exc:  # the report itself could not be stored: still end the job
        logger.error("import job %s: outcome not stored: %s", job_id, type(exc).__name__)
        _finish(job_id, status=ImportJob.Status.FAILED, errors=[_file_error(STOPPED)])


def fail_stuck_jobs(now: datetime.datetime | None = None) -> int:
    """Fail the jobs stuck past their time limit and delete their files; returns how many."""
    return fail_stuck(ImportJob, stuck_after=STUCK_AFTER, now=now)
