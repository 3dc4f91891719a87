"""Celery tasks of the reminder machinery: fetch ids, call a service, nothing else.

No task is ever scheduled ahead with ETA/countdown (Redis would redeliver it after the
visibility timeout): beat starts the sweep, the sweep reads due dates from the database."""

import smtplib
import uuid

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from . import sending, services
from .models import SweepRun

# SMTP and network errors, a database that went away (issue 15, R9) and a batch cut short before
# its claim ran out: retried with backoff (by default 1 min … 1 hour). acks_late is on, so a
# worker killed mid-task leaves the message to redeliver.
SEND_RETRY = {
    "autoretry_for": (smtplib.SMTPException, OSError, OperationalError, InterfaceError,
                      sending.ClaimRunningOut),
    "retry_backoff": settings.LOB_SEND_RETRY_BACKOFF,
    "retry_backoff_max": settings.LOB_SEND_RETRY_BACKOFF_MAX,
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


def _runs(request) -> dict:
    """This run of the task message and its earlier runs, which have ended, as `sending` names
    them: when the database went away after SMTP accepted a batch, the digests stay claimed by
    that run and the retry takes them over at once; any other sender, and a second copy of
    this very run (Redis redelivers a message held past its visibility timeout), waits for the
    claim to expire (LOB_REMINDER_CLAIM_MINUTES)."""
    if not request.id:
        return {}
    runs = [uuid.uuid5(uuid.NAMESPACE_URL, f"lob:send-digests:{request.id}:{n}")
            .hex[:sending.RUN_ID_LENGTH] for n in range(request.retries + 1)]
    return {"run": runs[-1], "earlier_runs": runs[:-1]}


@shared_task(bind=True, **SEND_RETRY)
def send_digests(self, digest_ids: list[int]) -> int:
    """Send a batch of digest e-mails. After the last retry the digests stay unsent with their
    error and the next sweep tries again."""
    return services.digests_send(digest_ids=digest_ids, **_runs(self.request))


@shared_task(bind=True, **SEND_RETRY)
def send_digest(self, digest_id: int) -> bool:
    """One digest (messages queued before batches existed are still understood)."""
    return services.digest_send(digest_id=digest_id, **_runs(self.request))
