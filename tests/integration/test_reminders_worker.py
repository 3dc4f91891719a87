"""The reminder machinery end to end: real PostgreSQL, real Redis and a real Celery worker
process started here. Beat-style dispatch of the daily sweep must produce the e-mails and the
notifications.

Needs CELERY_BROKER_URL (Redis) and DATABASE_URL (PostgreSQL); without them it skips, but with
LOB_REQUIRE_SERVICES=1 (CI) it fails instead.
"""

import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from lob.notifications.models import Digest, Kind, Notification, SweepRun
from tests.factories.students import FollowUpFactory

REQUIRED = os.environ.get("LOB_REQUIRE_SERVICES") == "1"
BROKER = os.environ.get("CELERY_BROKER_URL", "")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.integration,
    # Committed data, so that the worker's own connection sees it; the role groups survive.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"LOB_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(predicate, *, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}; worker log:\n{log.read_text()[-4000:]}")


@pytest.fixture
def worker(transactional_db, tmp_path):
    """A `celery -A lob worker` process on its own queue, pointed at the test database, with
    e-mail written to files the test can read."""
    if not BROKER.startswith(("redis://", "rediss://")):
        _unavailable("CELERY_BROKER_URL (Redis) is not set")
    if connection.vendor != "postgresql":
        _unavailable("the database is not PostgreSQL (the worker needs to share it)")
    import redis

    try:
        redis.Redis.from_url(BROKER, socket_timeout=3).ping()
    except redis.RedisError as exc:
        _unavailable(f"Redis at {BROKER} does not answer: {exc}")

    queue = f"lob-test-{uuid.uuid4().hex[:10]}"
    mail_dir = tmp_path / "mail"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lob.settings",
        "DJANGO_SECRET_KEY": "integration-test-only-secret-key-0123456789-abcdefghijkl",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": _database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": BROKER,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mail_dir),
        "LOB_VAR_DIR": str(tmp_path / "var"),
        "LOB_BASE_URL": "https://lob.example.nl",
    }
    celery = Path(sys.executable).with_name("celery")
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(celery), "-A", "lob", "worker", "--pool=solo", "-Q", queue,
             "--hostname", f"{queue}@localhost", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(lambda: "ready." in log.read_text() or process.poll() is not None,
                  timeout=60, what="the worker to start", log=log)
        if process.poll() is not None:
            pytest.fail(f"the worker exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        yield SimpleNamespace(queue=queue, mail_dir=mail_dir, log=log)
    finally:
        # Stop it before the test database is flushed or dropped (it holds a connection).
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _mails(mail_dir: Path) -> list[str]:
    """Every e-mail the file backend wrote: one file per SMTP-like connection, and a send task
    sends its whole batch of digests over one connection, each message followed by a rule."""
    separator = "\n" + "-" * 79 + "\n"
    return [m for p in sorted(mail_dir.glob("*.log"))
            for m in p.read_text().split(separator) if m.strip()]


def _dispatch_like_beat(entry_name: str, queue: str) -> None:
    """Apply one entry of CELERY_BEAT_SCHEDULE the way `celery beat` does: through the beat
    Scheduler, which publishes the task to the broker."""
    from celery.beat import ScheduleEntry, Scheduler

    from lob.celery import app

    conf = settings.CELERY_BEAT_SCHEDULE[entry_name]
    entry = ScheduleEntry(
        name=entry_name, task=conf["task"], schedule=conf["schedule"], args=conf.get("args", ()),
        kwargs=conf.get("kwargs", {}), options={**conf.get("options", {}), "queue": queue},
        app=app,
    )
    scheduler = Scheduler(app, lazy=True)
    with app.producer_or_acquire() as producer:
        scheduler.apply_entry(entry, producer=producer)


@pytest.fixture
def through_the_broker():
    """The test settings run tasks eagerly; this test must publish to the real broker."""
    from lob.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


def test_beat_dispatch_of_the_daily_sweep_sends_digests_through_the_worker(
    world, worker, through_the_broker
):
    Notification.objects.all().delete()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    FollowUpFactory(session=world.session, student=world.student, owner=world.counsellor,
                    due_date=yesterday, description="Stageplek zoeken")
    FollowUpFactory(session=world.session, student=world.student, owner=world.counsellor,
                    due_date=yesterday - datetime.timedelta(days=8))  # escalated too

    _dispatch_like_beat("reminders-daily-sweep", worker.queue)

    def all_sent():
        return (Digest.objects.filter(sent_at__isnull=False).count() == 2
                and worker.mail_dir.exists() and len(_mails(worker.mail_dir)) == 2)

    _wait_for(all_sent, timeout=90, what="two digest e-mails", log=worker.log)

    assert SweepRun.objects.filter(scope="daily").count() == 1
    assert Notification.objects.filter(kind=Kind.FOLLOW_UP_OVERDUE, recipient=world.counsellor).count() == 2
    assert Notification.objects.filter(kind=Kind.FOLLOW_UP_ESCALATION, recipient=world.manager).count() == 1
    mails = set(_mails(worker.mail_dir))
    counsellor_mail = next(m for m in mails if "To: counsellor@west.test" in m)
    manager_mail = next(m for m in mails if "To: manager@west.test" in m)
    assert "Subject: LOB: 2 herinneringen" in counsellor_mail
    assert f"https://lob.example.nl/students/{world.student.pk}/" in counsellor_mail
    assert "Content-Type: text/html" in counsellor_mail
    assert "Stageplek" not in counsellor_mail  # no record content in e-mail
    assert "Subject: LOB: 1 herinnering" in manager_mail

    # Beat fires again (a second beat, a redelivery): nothing is recorded or sent twice.
    _dispatch_like_beat("reminders-daily-sweep", worker.queue)
    _wait_for(lambda: SweepRun.objects.filter(scope="daily").count() == 2, timeout=60,
              what="the second sweep", log=worker.log)
    time.sleep(2)  # give any (wrongly) enqueued send the chance to show up
    assert len(_mails(worker.mail_dir)) == 2
    assert Notification.objects.count() == 3
    assert SweepRun.objects.filter(scope="daily").order_by("finished_at").last().recorded.get(
        Kind.FOLLOW_UP_OVERDUE, 0) == 0
