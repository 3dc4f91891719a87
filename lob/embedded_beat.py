"""Celery beat inside the web process, for the embedded default only.

Without a broker (`make run`: SQLite, eager tasks) no beat process runs, so nothing refreshed
the dashboards' rollups ("every 15 minutes" was not true), no reminder sweep ran, and /health/
answered 503. Here the web process runs beat's own schedule (settings.CELERY_BEAT_SCHEDULE,
the one list of periodic work) with Celery's persistent scheduler: at most once a minute, a
request first runs whatever entry is due, in-process (the tasks are eager). The schedule's
last runs are kept in a file under var/, as beat keeps them, so an entry missed while the
server was down runs once at the next request — as beat does after a restart.

With a broker (production, CI) this is off: beat and a worker do the work.
"""

import logging
import threading
import time

from celery.beat import PersistentScheduler
from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed

log = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 60
MAX_ENTRIES_PER_CHECK = 20  # beat runs one due entry per tick; a check runs at most these


class InProcessScheduler(PersistentScheduler):
    """Runs a due entry here and now (the task eagerly) instead of sending it to a broker."""

    @property
    def producer(self):
        return None

    def apply_async(self, entry, producer=None, advance=True, **kwargs):
        entry = self.reserve(entry) if advance else entry
        return self.app.tasks[entry.task].apply(entry.args, entry.kwargs)


class _State:
    lock = threading.Lock()
    scheduler: InProcessScheduler | None = None
    next_check = 0.0


def _scheduler() -> InProcessScheduler:
    if _State.scheduler is None:
        from lob.celery import app

        app.loader.import_default_modules()  # every app's tasks.py, as a worker does at start
        _State.scheduler = InProcessScheduler(
            app=app, schedule_filename=settings.LOB_EMBEDDED_BEAT_FILE, lazy=False)
    return _State.scheduler


def run_due(*, force: bool = False) -> None:
    """Run every entry of the beat schedule that is due (one thread at a time; others go on)."""
    if not force and time.monotonic() < _State.next_check:
        return
    if not _State.lock.acquire(blocking=False):
        return
    try:
        scheduler = _scheduler()
        for _ in range(MAX_ENTRIES_PER_CHECK):
            if scheduler.tick() != 0:  # 0: it ran an entry, and another may be due
                break
        scheduler.sync()
        _State.next_check = time.monotonic() + CHECK_EVERY_SECONDS
    except Exception:
        log.exception("embedded beat: the schedule could not be run")
    finally:
        _State.lock.release()


def reset() -> None:
    """Forget the scheduler (tests start each with their own schedule file)."""
    with _State.lock:
        if _State.scheduler is not None:
            _State.scheduler.close()
        _State.scheduler = None
        _State.next_check = 0.0


class EmbeddedBeatMiddleware:
    def __init__(self, get_response):
        if not settings.LOB_EMBEDDED_BEAT:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        run_due()
        return self.get_response(request)
