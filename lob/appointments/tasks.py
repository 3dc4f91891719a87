"""Celery tasks of appointments: fetch ids, call a service, nothing else."""

from celery import shared_task

from lob.notifications.tasks import SEND_RETRY

from . import mail


@shared_task(**SEND_RETRY)
def send_appointment_mail(notification_ids: list[int]) -> int:
    """Right after a booking or cancellation: the confirmation e-mails (see notify.py)."""
    return mail.send_confirmations(notification_ids)
