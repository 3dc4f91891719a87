"""The health report: database, Redis (when configured) and the freshness of the daily sweep.

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
    }


def health_report() -> tuple[bool, dict]:
    """(healthy, report). Healthy when every service answers and the sweep ran recently."""
    now = timezone.now()
    report: dict = {"database": _database()}
    for name, url in _redis_urls().items():
        report[f"redis_{name}"] = _redis(url)
    report["sweep"] = _sweep(now) if report["database"] == OK else {"status": DOWN}
    healthy = all(v == OK for k, v in report.items() if k != "sweep") and (
        report["sweep"]["status"] == OK
    )
    report["status"] = OK if healthy else "failing"
    return healthy, report
