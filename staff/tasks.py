from celery import shared_task

from .importer import switch_off_leavers
from .services.staff_import import TIME_LIMIT, fail_stuck_staff_imports, staff_import_process


# As the student import: at the soft limit the import stops inside the task (its transaction
# rolls back and the job is marked failed); the hard limit a minute later kills it.
@shared_task(acks_late=True, soft_time_limit=TIME_LIMIT, time_limit=TIME_LIMIT + 60)
def process_staff_import(job_id: int) -> None:
    staff_import_process(job_id=job_id)


@shared_task
def fail_stuck_imports() -> int:
    """Fail staff imports stuck past their time limit (beat, every 15 minutes)."""
    return fail_stuck_staff_imports()


@shared_task
def switch_off_leavers_task() -> int:
    """Switch off the accounts of staff whose employment ended (beat, nightly)."""
    return switch_off_leavers()
