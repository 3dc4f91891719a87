from celery import shared_task

from .importer import import_job_process


@shared_task(acks_late=True)
def process_import(job_id: int) -> None:
    import_job_process(job_id=job_id)
