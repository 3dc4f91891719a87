"""A worker that dies between recording and sending loses nothing and sends nothing twice."""

from unittest import mock

import pytest
import time_machine
from django.core import mail

from lob.notifications import services
from lob.notifications.models import Digest, Kind, Notification, SweepRun
from tests.factories.students import FollowUpFactory

from .conftest import DAY, at, days


@pytest.fixture
def overdue(world):
    Notification.objects.all().delete()
    return FollowUpFactory(session=world.session, student=world.student, owner=world.counsellor,
                           due_date=DAY)


def _sweep(day, capture, hour=7):
    with time_machine.travel(at(day, hour), tick=False):
        with capture(execute=True):
            return services.reminders_sweep()


def test_crash_between_recording_and_sending_is_sent_once_by_the_next_run(
    world, overdue, django_capture_on_commit_callbacks
):
    # The worker dies after the sweep committed, before any send task ran.
    with mock.patch("lob.notifications.services._enqueue_send"):
        _sweep(DAY + days(1), django_capture_on_commit_callbacks)
    digest = Digest.objects.get(recipient=world.counsellor)
    assert digest.sent_at is None
    assert mail.outbox == []

    # Beat's next run (or `send_reminders` by hand) finds the unsent digest and sends it.
    result = _sweep(DAY + days(1), django_capture_on_commit_callbacks, hour=9)
    assert result.total == 0  # nothing new recorded
    assert result.digest_ids == [digest.pk]
    assert len(mail.outbox) == 1

    _sweep(DAY + days(1), django_capture_on_commit_callbacks, hour=11)
    _sweep(DAY + days(2), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(kind=Kind.FOLLOW_UP_OVERDUE, object_id=overdue.pk).count() == 1


def test_worker_killed_while_sending_is_taken_over_after_the_claim_expires(
    world, overdue, settings, django_capture_on_commit_callbacks
):
    settings.LOB_REMINDER_CLAIM_MINUTES = 15
    with mock.patch("lob.notifications.services._enqueue_send"):
        _sweep(DAY + days(1), django_capture_on_commit_callbacks)
    digest = Digest.objects.get(recipient=world.counsellor)
    # A worker claimed it at 07:00 and died before the e-mail went out.
    Digest.objects.filter(pk=digest.pk).update(claimed_at=at(DAY + days(1)))

    with time_machine.travel(at(DAY + days(1)).replace(minute=10), tick=False):
        # Within the claim another worker (a redelivered task) must keep its hands off.
        assert services.digest_send(digest_id=digest.pk) is False
    assert mail.outbox == []

    with time_machine.travel(at(DAY + days(1)).replace(minute=16), tick=False):
        assert services.digest_send(digest_id=digest.pk) is True
        assert services.digest_send(digest_id=digest.pk) is False
    assert len(mail.outbox) == 1


def test_crash_inside_the_sweep_records_nothing_and_the_next_run_records_all(
    world, overdue, django_capture_on_commit_callbacks
):
    with mock.patch("lob.notifications.services.digests_compose", side_effect=RuntimeError("killed")):
        with pytest.raises(RuntimeError):
            _sweep(DAY + days(1), django_capture_on_commit_callbacks)
    assert not Notification.objects.exists()
    assert not SweepRun.objects.exists()

    _sweep(DAY + days(1), django_capture_on_commit_callbacks, hour=8)
    assert Notification.objects.filter(object_id=overdue.pk).count() == 1
    assert len(mail.outbox) == 1


def test_a_digest_enqueued_twice_is_sent_once(world, overdue, django_capture_on_commit_callbacks):
    with mock.patch("lob.notifications.services._enqueue_send"):
        _sweep(DAY + days(1), django_capture_on_commit_callbacks)
    digest = Digest.objects.get(recipient=world.counsellor)
    with time_machine.travel(at(DAY + days(1), 8), tick=False):
        assert services.digest_send(digest_id=digest.pk) is True
        assert services.digest_send(digest_id=digest.pk) is False
    assert len(mail.outbox) == 1
