"""Fault tests of reminder sending (issue 15, R6, R8, R9): real PostgreSQL, Redis, Celery worker
processes and an SMTP sink, all started here.

- SMTP down, then up: after recovery every digest is delivered, once;
- a worker killed (SIGKILL) mid-send: after a restart every digest is delivered; duplicates only
  for the digests in flight at the kill, each with the same Message-ID;
- the database taken away from the worker mid-send (through a TCP proxy), then given back: the
  send tasks retry, every digest is delivered; duplicates only for the batch in flight at the
  drop, each with the same Message-ID;
- the broker unreachable: the sweep says nothing was queued, exits 1 and logs why;
- every failure is logged, without a name or an e-mail address in the log.

Needs CELERY_BROKER_URL (Redis) and DATABASE_URL (PostgreSQL), like test_reminders_worker."""

import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.utils import timezone

from lob.notifications.models import Digest, Kind, Notification
from tests.factories.staff import CollegeFactory, UserFactory

from .smtp_sink import SmtpSink, free_port
from .tcp_proxy import TcpProxy
from .test_reminders_worker import (
    BROKER,
    ROOT,
    _database_url,
    _dispatch_like_beat,
    _unavailable,
    through_the_broker,  # noqa: F401 - a fixture
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CANARY_FIRST, CANARY_LAST = "Canarina", "Vogelaar"
DIGESTS = 15
BATCH = 5


def _services_or_skip():
    if not BROKER.startswith(("redis://", "rediss://")):
        _unavailable("CELERY_BROKER_URL (Redis) is not set")
    if connection.vendor != "postgresql":
        _unavailable("the database is not PostgreSQL (the worker needs to share it)")
    import redis

    try:
        redis.Redis.from_url(BROKER, socket_timeout=3).ping()
    except redis.RedisError as exc:
        _unavailable(f"Redis at {BROKER} does not answer: {exc}")


def _env(tmp_path: Path, **extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lob.settings",
        "DJANGO_SECRET_KEY": "integration-test-only-secret-key-0123456789-abcdefghijkl",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": _database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": BROKER,
        "LOB_VAR_DIR": str(tmp_path / "var"),
        "LOB_BASE_URL": "https://lob.example.nl",
        **extra,
    }


class Workers:
    """`celery -A lob worker` processes on one queue (a restart reads the same queue), sending
    through the SMTP sink's port; every process appends to one log."""

    def __init__(self, tmp_path: Path, smtp_port: int):
        self.queue = f"lob-test-{uuid.uuid4().hex[:10]}"
        self.log = tmp_path / "worker.log"
        self.env = _env(tmp_path, CELERY_TASK_DEFAULT_QUEUE=self.queue,
                        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                        DJANGO_EMAIL_HOST="127.0.0.1", DJANGO_EMAIL_PORT=str(smtp_port),
                        DJANGO_EMAIL_TIMEOUT="5", LOB_DIGEST_BATCH_SIZE=str(BATCH))
        self.process = None
        self.started = 0

    def start(self):
        self.started += 1
        celery = Path(sys.executable).with_name("celery")
        before = self.log.read_text().count(" ready.") if self.log.exists() else 0
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [str(celery), "-A", "lob", "worker", "--pool=solo", "-Q", self.queue,
                 "--hostname", f"{self.queue}-{self.started}@localhost", "--loglevel=INFO",
                 "--without-gossip", "--without-mingle", "--without-heartbeat"],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            )
        self.wait_for(lambda: self.log.read_text().count(" ready.") > before
                      or self.process.poll() is not None, timeout=30, what="the worker")
        if self.process.poll() is not None:
            pytest.fail(f"the worker exited with {self.process.returncode}:\n{self.tail()}")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def tail(self) -> str:
        return self.log.read_text()[-4000:] if self.log.exists() else ""

    def wait_for(self, predicate, *, timeout: float, what: str, step: float = 0.1):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(step)
        pytest.fail(f"timed out waiting for {what}; worker log:\n{self.tail()}")


@pytest.fixture
def sink():
    s = SmtpSink()
    yield s
    s.stop()


@pytest.fixture
def workers(transactional_db, tmp_path, sink):
    _services_or_skip()
    w = Workers(tmp_path, sink.port)
    yield w
    w.stop()  # before the test database is flushed (the worker holds a connection)


@pytest.fixture
def people():
    """DIGESTS people with one unread reminder each about a student with a canary name."""
    college = CollegeFactory()
    users = UserFactory.create_batch(DIGESTS, college=college)
    now = timezone.now()
    Notification.objects.bulk_create([
        Notification(recipient=u, kind=Kind.FOLLOW_UP_OVERDUE, object_id=1000 + i,
                     period="2026-03-09", subject=f"{CANARY_FIRST} {CANARY_LAST}", target_id=1,
                     due_date=datetime.date(2026, 3, 9), created_at=now)
        for i, u in enumerate(users)
    ])
    return users


def _by_recipient(messages) -> dict[str, list[str]]:
    ids = defaultdict(list)
    for m in messages:
        ids[m["To"]].append(m["Message-ID"])
    return ids


def _assert_log_has_no_personal_data(text: str, users) -> None:
    assert CANARY_FIRST not in text and CANARY_LAST not in text
    for u in users:
        assert u.email not in text
        assert u.last_name not in text


@pytest.mark.usefixtures("through_the_broker")
def test_smtp_down_then_up_delivers_every_digest_once(workers, sink, people):
    workers.start()  # the sink is not listening yet: SMTP is down
    _dispatch_like_beat("reminders-daily-sweep", workers.queue)
    workers.wait_for(
        lambda: Digest.objects.count() == DIGESTS
        and not Digest.objects.filter(last_error="").exists(),
        timeout=30, what="every digest to fail on SMTP",
    )
    assert not Digest.objects.filter(sent_at__isnull=False).exists()
    assert not Digest.objects.filter(claimed_at__isnull=False).exists()  # released for the retry
    assert "ConnectionRefusedError" in workers.log.read_text()  # the failure is logged

    sink.start()  # SMTP is back; the next sweep (or the task's retry) sends what is unsent
    _dispatch_like_beat("reminders-daily-sweep", workers.queue)
    workers.wait_for(lambda: not Digest.objects.filter(sent_at__isnull=True).exists()
                     and len(sink.received()) >= DIGESTS, timeout=30, what="every digest")

    ids = _by_recipient(sink.received())
    assert set(ids) == {u.email for u in people}
    assert all(len(v) == 1 for v in ids.values())  # nothing was in flight: no duplicate
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    _assert_log_has_no_personal_data(workers.log.read_text(), people)


@pytest.mark.usefixtures("through_the_broker")
def test_worker_killed_mid_send_resends_only_what_was_in_flight_with_the_same_message_id(
    workers, sink, people
):
    sink.delay = 0.25  # a batch of BATCH digests takes over a second: time to kill mid-batch
    sink.start()
    workers.start()
    _dispatch_like_beat("reminders-daily-sweep", workers.queue)
    workers.wait_for(lambda: len(sink.received()) >= 2, timeout=30, what="the first e-mails",
                     step=0.02)
    workers.kill()

    in_flight = set(Digest.objects.filter(sent_at__isnull=True, claimed_at__isnull=False)
                    .values_list("recipient__email", flat=True))
    assert 0 < len(in_flight) <= BATCH
    # The dead worker's claim expires (LOB_REMINDER_CLAIM_MINUTES); here the clock is moved on.
    Digest.objects.filter(sent_at__isnull=True).update(
        claimed_at=timezone.now() - datetime.timedelta(hours=1))

    workers.start()
    _dispatch_like_beat("reminders-daily-sweep", workers.queue)
    workers.wait_for(lambda: not Digest.objects.filter(sent_at__isnull=True).exists(),
                     timeout=40, what="every digest after the restart")
    time.sleep(0.5)  # a message being accepted while the sink sleeps

    ids = _by_recipient(sink.received())
    assert set(ids) == {u.email for u in people}  # every digest delivered
    duplicated = {to for to, message_ids in ids.items() if len(message_ids) > 1}
    assert duplicated and duplicated <= in_flight  # only what was in flight at the kill
    for to in duplicated:
        assert len(set(ids[to])) == 1, f"a resend carries a new Message-ID: {ids[to]}"
    assert len({v[0] for v in ids.values()}) == DIGESTS  # one Message-ID per digest
    assert all(v[0].startswith("<digest-") and v[0].endswith("@lob.example.nl>")
               for v in ids.values())
    _assert_log_has_no_personal_data(workers.log.read_text(), people)


@pytest.fixture
def db_proxy(workers):
    """PostgreSQL behind a TCP proxy that the test can take down and bring back; the worker
    reaches the test database through it, the test itself directly."""
    db = connection.settings_dict
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)).up()
    direct = urlsplit(_database_url())
    credentials = direct.netloc.rpartition("@")[0]
    workers.env["DATABASE_URL"] = direct._replace(
        netloc=f"{credentials}@127.0.0.1:{proxy.port}").geturl()
    yield proxy
    proxy.down()


@pytest.mark.usefixtures("through_the_broker")
def test_database_down_mid_send_then_up_retries_and_delivers_every_digest(
    workers, sink, people, db_proxy
):
    sink.delay = 0.25  # a batch of BATCH digests takes over a second: time to cut it mid-batch
    sink.start()
    # Retries after a random 0–2, 0–4, then 0–8 seconds instead of minutes: the 8 retries
    # outlast the outage below.
    workers.env.update(LOB_SEND_RETRY_BACKOFF="2", LOB_SEND_RETRY_BACKOFF_MAX="8")
    workers.start()
    _dispatch_like_beat("reminders-daily-sweep", workers.queue)
    workers.wait_for(lambda: len(sink.received()) >= 2, timeout=30, what="the first e-mails",
                     step=0.02)
    db_proxy.down()  # the worker's connection is cut; new ones are refused
    down_at = time.monotonic()

    in_flight = set(Digest.objects.filter(sent_at__isnull=True, claimed_at__isnull=False)
                    .values_list("recipient__email", flat=True))
    assert 0 < len(in_flight) <= BATCH
    # The batch in flight cannot be marked sent and the next batch cannot connect: both retry.
    workers.wait_for(lambda: workers.log.read_text().count("retry: Retry in") >= 2,
                     timeout=15, what="the send tasks to retry")
    time.sleep(max(0.0, 3 - (time.monotonic() - down_at)))
    assert Digest.objects.filter(sent_at__isnull=True).count() == DIGESTS  # nothing marked

    db_proxy.up()
    workers.wait_for(lambda: not Digest.objects.filter(sent_at__isnull=True).exists(),
                     timeout=30, what="every digest after the database came back")
    time.sleep(0.5)  # a message being accepted while the sink sleeps

    ids = _by_recipient(sink.received())
    assert set(ids) == {u.email for u in people}  # every digest delivered
    duplicated = {to for to, message_ids in ids.items() if len(message_ids) > 1}
    assert duplicated and duplicated <= in_flight  # only what was in flight at the drop
    for to in duplicated:
        assert len(set(ids[to])) == 1, f"a resend carries a new Message-ID: {ids[to]}"
    assert len({v[0] for v in ids.values()}) == DIGESTS  # one Message-ID per digest
    # The retry took its own batch over at once (no waiting for the claim to expire).
    assert all(d.attempts == 2 for d in Digest.objects.filter(recipient__email__in=in_flight))
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    log = workers.log.read_text()
    assert "OperationalError" in log  # the failure is logged …
    assert "raised unexpected" not in log  # … and no task gave up
    _assert_log_has_no_personal_data(log, people)


def test_sweep_with_the_broker_unreachable_says_nothing_was_queued(transactional_db, tmp_path,
                                                                     people):
    _services_or_skip()
    # Nothing listens on this port: to the sweep it is Redis down.
    env = _env(tmp_path, CELERY_BROKER_URL=f"redis://127.0.0.1:{free_port()}/0", REDIS_URL="")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "manage.py", "send_reminders"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=50)
    assert time.monotonic() - started < 50
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"Digest e-mails: 0 queued, 0 sent now, {DIGESTS} waiting" in done.stdout
    assert f"{DIGESTS} digest e-mail(s) could not be queued" in done.stderr
    assert "could not be queued (OperationalError)" in done.stderr  # the log line
    assert Digest.objects.filter(sent_at__isnull=True).count() == DIGESTS  # nothing lost
    _assert_log_has_no_personal_data(done.stdout + done.stderr, people)
