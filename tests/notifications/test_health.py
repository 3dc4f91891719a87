"""/health/: database, Redis and the sweep's freshness; 503 when something is wrong; no login
and no personal data."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.utils import timezone

from lob.notifications import services
from lob.notifications.models import SweepRun

from .conftest import DAY, at


def _ran(hours_ago: float):
    now = timezone.now()
    SweepRun.objects.create(scope="daily", started_at=now - datetime.timedelta(hours=hours_ago),
                            finished_at=now - datetime.timedelta(hours=hours_ago))


@pytest.fixture
def no_redis(settings):
    settings.CELERY_BROKER_URL = None
    settings.REDIS_URL = ""


def test_healthy_after_a_recent_sweep_without_login(client, db, no_redis):
    _ran(hours_ago=2)
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["sweep"]["status"] == "ok"
    assert body["sweep"]["age_hours"] == 2.0
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_sweep_older_than_26_hours_is_503(client, db, no_redis):
    _ran(hours_ago=26.5)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["sweep"]["status"] == "stale"


def test_sweep_of_25_hours_ago_is_still_healthy(client, db, no_redis):
    _ran(hours_ago=25)
    assert client.get("/health/").status_code == 200


def test_never_swept_is_503(client, db, no_redis):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["sweep"]["status"] == "never"


def test_weekly_sweep_does_not_count_as_the_daily_one(client, db, no_redis):
    now = timezone.now()
    SweepRun.objects.create(scope="weekly", started_at=now, finished_at=now)
    assert client.get("/health/").status_code == 503


def test_a_real_sweep_makes_it_healthy(client, world, no_redis):
    with time_machine.travel(at(DAY), tick=False):
        services.reminders_sweep()
        assert client.get("/health/").status_code == 200


def test_database_down_is_503(client, db, no_redis):
    _ran(hours_ago=1)
    with mock.patch("lob.notifications.health._database", return_value="down"):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_redis_down_is_503(client, db, settings):
    _ran(hours_ago=1)
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.REDIS_URL = ""
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["redis_broker"] == "down"


def test_redis_reported_when_configured(client, db, settings):
    _ran(hours_ago=1)
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/13"
    settings.REDIS_URL = ""
    with mock.patch("redis.Redis.ping", return_value=True):
        response = client.get("/health/")
    assert response.json()["redis_broker"] == "ok"
    assert response.status_code == 200


def test_health_reveals_no_personal_data(client, world, no_redis):
    _ran(hours_ago=1)
    content = client.get("/health/").content.decode()
    for person in (world.counsellor, world.student):
        assert person.first_name not in content
        assert person.last_name not in content
    assert "@" not in content
    assert set(client.get("/health/").json()) == {"database", "sweep", "digests", "status"}


def test_database_down_is_503_even_with_a_session_cookie(client, world, no_redis):
    # R7: the session and the user behind the cookie live in the database that is down; the
    # health report must still be the answer, not the 500 of their lookup.
    from django.db import OperationalError

    _ran(hours_ago=1)
    client.force_login(world.counsellor)
    with mock.patch("django.db.backends.utils.CursorWrapper.execute",
                    side_effect=OperationalError("connection refused")):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "down"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def _digest(world, hours_ago: float, sent: bool = False):
    from lob.notifications.models import Digest

    opened = timezone.now() - datetime.timedelta(hours=hours_ago)
    return Digest.objects.create(recipient=world.counsellor, day=opened.date(), created_at=opened,
                                 sent_at=timezone.now() if sent else None)


def test_digests_unsent_two_hours_after_the_sweep_are_503(client, world, no_redis):
    """Issue 15, R7: the sweep ran, but the day's digests never went out (no worker, SMTP
    down): the health page must not say "ok"."""
    _ran(hours_ago=3)
    _digest(world, hours_ago=3)
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["digests"] == {"status": "backlog", "unsent_late": 1}
    assert body["sweep"]["status"] == "ok"
    assert world.counsellor.email not in response.content.decode()


def test_digests_just_opened_or_sent_are_healthy(client, world, no_redis):
    _ran(hours_ago=1)
    _digest(world, hours_ago=1)
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["digests"] == {"status": "ok", "unsent_late": 0}


def test_the_sweep_report_says_what_the_last_run_could_not_do(client, db, no_redis):
    now = timezone.now()
    SweepRun.objects.create(scope="daily", started_at=now, finished_at=now,
                            skipped={"follow_up_overdue": 2}, digests_not_queued=5)
    sweep = client.get("/health/").json()["sweep"]
    assert (sweep["skipped_rows"], sweep["digests_not_queued"]) == (2, 5)
