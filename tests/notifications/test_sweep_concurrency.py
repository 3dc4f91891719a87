"""Two sweeps at the same moment on PostgreSQL: every reminder recorded once, e-mailed once."""

import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections

from lob.notifications import services
from lob.notifications.models import Digest, Kind, Notification
from students.models import FollowUp

from .conftest import DAY, at, days

# serialized_rollback: the flush after each test must not take the role groups (data
# migrations) away from the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _skip_unless_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent inserts need PostgreSQL")


def _in_threads(n, target):
    barrier = threading.Barrier(n)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            target()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors


def test_two_concurrent_sweeps_record_and_send_each_reminder_once(world):
    _skip_unless_postgres()
    Notification.objects.all().delete()
    FollowUp.objects.bulk_create([
        FollowUp(session=world.session, student=world.student,
                 owner=[world.counsellor, world.colleague][i % 2], description=f"Afspraak {i}",
                 due_date=DAY - days(10))
        for i in range(200)
    ])
    with time_machine.travel(at(DAY), tick=False):
        _in_threads(2, services.reminders_sweep)

    # 200 overdue (owner) + 200 escalations (manager), each once.
    assert Notification.objects.filter(kind=Kind.FOLLOW_UP_OVERDUE).count() == 200
    assert Notification.objects.filter(kind=Kind.FOLLOW_UP_ESCALATION).count() == 200
    recipients = [m.to[0] for m in mail.outbox]
    assert sorted(recipients) == sorted(
        [world.counsellor.email, world.colleague.email, world.manager.email]
    )
    assert Digest.objects.filter(sent_at__isnull=False).count() == 3
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_racing_senders_of_one_digest_send_it_once(world):
    _skip_unless_postgres()
    Notification.objects.all().delete()
    FollowUp.objects.create(session=world.session, student=world.student,
                            owner=world.counsellor, description="Afspraak", due_date=DAY)
    with time_machine.travel(at(DAY + days(1)), tick=False):
        services.reminders_record(rule_set=services.rules.DAILY_RULES,
                                  moment=services.moment_now())
        services.digests_compose(moment=services.moment_now())
    digest = Digest.objects.get(recipient=world.counsellor)
    with time_machine.travel(at(DAY + days(1), 8), tick=False):
        _in_threads(4, lambda: services.digest_send(digest_id=digest.pk))
    assert len(mail.outbox) == 1
