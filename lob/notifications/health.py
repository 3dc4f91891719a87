"""The health report: database, Redis (when configured), the freshness of the daily sweep and
the digests still unsent longer than LOB_DIGEST_MAX_DELAY_HOURS after they were opened.

It names services and times only, never a person or a record."""

import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

OK = "ok"
DOWN = "down"


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return DOWN
    return OK


def _redis_urls() -> dict[str, str]:
    urls = {}
    broker = settings.CELERY_BROKER_URL or ""
    if broker.startswith(("redis://", "rediss://")):
        urls["broker"] = broker
    if getattr(settings, "REDIS_URL", ""):
        urls["cache"] = settings.REDIS_URL
    return urls


def _redis(url: str) -> str:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        try:
            return OK if client.ping() else DOWN
        finally:
            client.close()
    except Exception:
        return DOWN


def _sweep(now: datetime.datetime) -> dict:
    from .selectors import last_sweep

    max_age = datetime.timedelta(hours=settings.LOB_SWEEP_MAX_AGE_HOURS)
    try:
        run = last_sweep()
    except Exception:
        return {"status": DOWN, "last_run": None}
    if run is None:
        return {"status": "never", "last_run": None}
    age = now - run.finished_at
    return {
        "status": OK if age <= max_age else "stale",
        "last_run": run.finished_at.isoformat(),
        "age_hours": round(age.total_seconds() / 3600, 1),
        # What the last run could not do (logged in detail): rows it could not record, digests
        # the broker refused. Informative; refused digests show up as `digests` below.
        "skipped_rows": sum(run.skipped.values()),
        "digests_not_queued": run.digests_not_queued,
    }


def _digests(now: datetime.datetime) -> dict:
    """Digests opened longer ago than LOB_DIGEST_MAX_DELAY_HOURS and still unsent: the sweep ran
    but the e-mail did not go out (no worker, broker or SMTP down, a send that keeps failing)."""
    from .selectors import digests_waiting

    limit = now - datetime.timedelta(hours=settings.LOB_DIGEST_MAX_DELAY_HOURS)
    try:
        late = digests_waiting().filter(created_at__lt=limit).count()
    except Exception:
        return {"status": DOWN}
    return {"status": OK if late == 0 else "backlog", "unsent_late": late}


def health_report() -> tuple[bool, dict]:
    """(healthy, report). Healthy when every service answers, the sweep ran recently and no
    digest is late."""
    now = timezone.now()
    report: dict = {"database": _database()}
    for name, url in _redis_urls().items():
        report[f"redis_{name}"] = _redis(url)
    report["sweep"] = _sweep(now) if report["database"] == OK else {"status": DOWN}
    report["digests"] = _digests(now) if report["database"] == OK else {"status": DOWN}
    healthy = all(
        (v["status"] if isinstance(v, dict) else v) == OK for v in report.values()
    )
    report["status"] = OK if healthy else "failing"
    return healthy, report
