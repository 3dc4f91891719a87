from celery import shared_task

from .retention import retention_run


@shared_task
def purge_expired():
    """Nightly retention run (see settings.CELERY_BEAT_SCHEDULE)."""
    return retention_run()
