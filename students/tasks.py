from celery import shared_task

from .importer import fail_stuck_jobs, import_job_process
from .importer.jobs import TIME_LIMIT


@shared_task(acks_late=True, time_limit=TIME_LIMIT)
def process_import(job_id: int) -> None:
    import_job_process(job_id=job_id)


@shared_task
def fail_stuck_imports() -> int:
    """Fail imports stuck past their time limit (beat, every 15 minutes)."""
    return fail_stuck_jobs()
