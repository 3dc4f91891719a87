from celery import shared_task

from .importer import fail_stuck_jobs, import_job_process
from .importer.drop_folder import import_drop_folder as drop_folder_import
from .importer.jobs import TIME_LIMIT


# At the soft limit the import stops inside the task (its transaction rolls back and the job is
# marked failed); the hard limit a minute later kills a task that did not stop.
@shared_task(acks_late=True, soft_time_limit=TIME_LIMIT, time_limit=TIME_LIMIT + 60)
def process_import(job_id: int) -> None:
    import_job_process(job_id=job_id)


@shared_task
def fail_stuck_imports() -> int:
    """Fail imports stuck past their time limit (beat, every 15 minutes)."""
    return fail_stuck_jobs()


@shared_task(soft_time_limit=TIME_LIMIT, time_limit=TIME_LIMIT + 60)
def import_drop_folder() -> int:
    """Import the files dropped in LOB_IMPORT_DROP_DIR (beat, every 5 minutes)."""
    return len(drop_folder_import())
