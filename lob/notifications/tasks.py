"""Celery tasks of the reminder machinery: fetch ids, call a service, nothing else.

No task is ever scheduled ahead with ETA/countdown (Redis would redeliver it after the
visibility timeout): beat starts the sweep, the sweep reads due dates from the database."""

import smtplib

from celery import shared_task

from . import services
from .models import SweepRun


@shared_task
def sweep() -> int:
    """Daily (beat, 07:00): record due reminders and enqueue the digests."""
    return services.reminders_sweep(scope=SweepRun.Scope.DAILY).total


@shared_task
def sweep_caseload() -> int:
    """Weekly (beat, Monday 06:45): caseload students not seen; mailed by the daily sweep."""
    return services.reminders_sweep(scope=SweepRun.Scope.WEEKLY).total


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def send_digest(digest_id: int) -> bool:
    """Send one digest e-mail. SMTP and network errors retry with backoff (1 min … 1 hour);
    after the last retry the digest stays unsent with its error and the next sweep tries again."""
    return services.digest_send(digest_id=digest_id)
