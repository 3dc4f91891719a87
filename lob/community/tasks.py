from celery import shared_task

from .alumni import purge_expired


@shared_task
def purge_expired_alumni():
    """Nightly: alumni whose term ended leave the pool (see settings.CELERY_BEAT_SCHEDULE)."""
    return purge_expired()
