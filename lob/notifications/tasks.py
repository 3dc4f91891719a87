"""Celery tasks of the reminder machinery: fetch ids, call a service, nothing else.

No task is ever scheduled ahead with ETA/countdown (Redis would redeliver it after the
visibility timeout): beat starts the sweep, the sweep reads due dates from the database."""

import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services
from .models import SweepRun

# SMTP and network errors, and a database that went away (issue 15, R9): retried with backoff
# (1 min … 1 hour). acks_late is on, so a worker killed mid-task leaves the message to redeliver.
SEND_RETRY = {
    "autoretry_for": (smtplib.SMTPException, OSError, OperationalError, InterfaceError),
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task
def sweep() -> int:
    """Daily (beat, 07:00): record due reminders and enqueue the digests."""
    return services.reminders_sweep(scope=SweepRun.Scope.DAILY).total


@shared_task
def sweep_caseload() -> int:
    """Weekly (beat, Monday 06:45): caseload students not seen; mailed by the daily sweep."""
    return services.reminders_sweep(scope=SweepRun.Scope.WEEKLY).total


@shared_task(**SEND_RETRY)
def send_digests(digest_ids: list[int]) -> int:
    """Send a batch of digest e-mails. After the last retry the digests stay unsent with their
    error and the next sweep tries again."""
    return services.digests_send(digest_ids=digest_ids)


@shared_task(**SEND_RETRY)
def send_digest(digest_id: int) -> bool:
    """One digest (messages queued before batches existed are still understood)."""
    return services.digest_send(digest_id=digest_id)
