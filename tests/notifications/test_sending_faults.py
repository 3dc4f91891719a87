"""Issue 15, R9: sending survives a database outage (the task retries) and a digest sent again
after a failure carries the same Message-ID as the first time."""

import datetime
from types import SimpleNamespace
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from lob.notifications import sending, services, tasks
from lob.notifications.models import Digest, Notification
from tests.factories.students import FollowUpFactory

from .conftest import DAY, at, days


@pytest.fixture
def digest(world):
    Notification.objects.all().delete()
    FollowUpFactory(session=world.session, student=world.student, owner=world.counsellor,
                    due_date=DAY)
    with time_machine.travel(at(DAY + days(1)), tick=False):
        services.reminders_sweep()  # recorded; the send has not run (no commit in the test)
    return Digest.objects.get(recipient=world.counsellor)


def test_send_tasks_retry_database_errors_with_backoff(settings):
    for task in (tasks.send_digests, tasks.send_digest):
        assert {OperationalError, InterfaceError} <= set(task.autoretry_for)
        assert task.retry_backoff and task.max_retries == 8
    assert settings.CELERY_TASK_ACKS_LATE is True


def test_a_database_outage_before_sending_is_retried_and_the_digest_goes_out(digest):
    real_claim = sending._claim
    calls = []

    def claim_after_an_outage(digest_ids, *tokens):
        calls.append(digest_ids)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_claim(digest_ids, *tokens)

    with mock.patch.object(sending, "_claim", side_effect=claim_after_an_outage):
        tasks.send_digests.apply(args=[[digest.pk]], throw=False)
    assert len(calls) == 2
    assert len(mail.outbox) == 1
    digest.refresh_from_db()
    assert digest.sent_at is not None


def test_a_digest_sent_again_after_a_failure_has_the_same_message_id(digest, settings, world):
    settings.LOB_BASE_URL = "https://lob.example.nl"
    settings.LOB_REMINDER_CLAIM_MINUTES = 15
    # SMTP accepted the e-mail, then the database went away before it was marked sent.
    with (time_machine.travel(at(DAY + days(1), 8), tick=False),
          mock.patch.object(sending, "_mark_sent", side_effect=OperationalError("gone"))):
        with pytest.raises(OperationalError):
            services.digests_send(digest_ids=[digest.pk])
    # The claim expires; the next sweep's send takes the digest over and sends it again.
    with time_machine.travel(at(DAY + days(1), 9), tick=False):
        assert services.digests_send(digest_ids=[digest.pk]) == 1
    first, second = (m.message()["Message-ID"] for m in mail.outbox)
    assert first == second == f"<digest-{world.counsellor.pk}-{DAY + days(1):%Y%m%d}@lob.example.nl>"
    digest.refresh_from_db()
    assert digest.sent_at is not None and digest.attempts == 2


def test_the_retry_of_a_send_cut_off_by_the_database_sends_its_batch_again_at_once(
    digest, settings, world
):
    settings.LOB_BASE_URL = "https://lob.example.nl"
    settings.LOB_REMINDER_CLAIM_MINUTES = 15
    real_mark_sent = sending._mark_sent
    tokens = []

    def mark_sent_once_the_database_is_back(batch, **kwargs):
        tokens.append(batch.token)
        if len(tokens) == 1:  # SMTP accepted the e-mail, then the database went away
            raise OperationalError("server closed the connection unexpectedly")
        return real_mark_sent(batch, **kwargs)

    with (time_machine.travel(at(DAY + days(1), 8), tick=False),
          mock.patch.object(sending, "_mark_sent", side_effect=mark_sent_once_the_database_is_back)):
        tasks.send_digests.apply(args=[[digest.pk]], throw=False)
    # Well within the claim, the task's retry took its own batch over and sent it again.
    assert len(tokens) == 2 and tokens[0] != tokens[1]
    first, second = (m.message()["Message-ID"] for m in mail.outbox)
    assert first == second
    digest.refresh_from_db()
    assert digest.sent_at is not None and digest.attempts == 2


def test_only_a_later_run_of_the_same_send_takes_its_claim_over(digest):
    first_run = tasks._runs(SimpleNamespace(id="send-1", retries=0))["run"]
    Digest.objects.filter(pk=digest.pk).update(claimed_at=timezone.now(),
                                               claim_token=first_run + "0" * 16)
    # Another send, and a second copy of the same run (Redis redelivers a message held past its
    # visibility timeout), keep their hands off while the claim lasts.
    assert tasks.send_digests.apply(args=[[digest.pk]], task_id="send-2").get() == 0
    assert tasks.send_digests.apply(args=[[digest.pk]], task_id="send-1").get() == 0
    assert mail.outbox == []
    # The retry of that run takes it over.
    assert tasks.send_digests.apply(args=[[digest.pk]], task_id="send-1", retries=1).get() == 1
    assert len(mail.outbox) == 1


def test_message_ids_differ_per_recipient_and_day(digest, world):
    other = Digest(recipient_id=world.manager.pk, day=digest.day)
    later = Digest(recipient_id=digest.recipient_id, day=digest.day + days(1))
    ids = {sending._message_id(d) for d in (digest, other, later)}
    assert len(ids) == 3



@pytest.fixture
def two_digests(world, settings):
    settings.LOB_REMINDER_CLAIM_MINUTES = 15
    with time_machine.travel(at(DAY), tick=False):
        services.reminders_sweep()  # the world's counsellor and colleague each get a digest
    ids = list(Digest.objects.order_by("pk").values_list("pk", flat=True))
    assert len(ids) == 2
    return ids


@pytest.fixture
def slow_smtp():
    """Each e-mail takes 8 minutes: over half of the 15-minute claim."""
    real_send = EmailMultiAlternatives.send
    with time_machine.travel(at(DAY, 8), tick=False) as clock:
        def slow_send(message, *args, **kwargs):
            clock.shift(datetime.timedelta(minutes=8))
            return real_send(message, *args, **kwargs)

        with mock.patch.object(EmailMultiAlternatives, "send", autospec=True,
                               side_effect=slow_send):
            yield


def test_a_batch_still_sending_when_half_its_claim_is_gone_stops_and_releases_the_rest(
    two_digests, slow_smtp
):
    """A big batch over a slow SMTP server must not outlive its claim (another sender would
    take it over while it still sends, and send twice)."""
    with pytest.raises(sending.ClaimRunningOut):
        services.digests_send(digest_ids=two_digests)
    first, second = Digest.objects.order_by("pk")
    assert first.sent_at is not None and first.item_count == 1
    assert second.sent_at is None and second.claimed_at is None
    assert "ClaimRunningOut" in second.last_error
    assert len(mail.outbox) == 1


def test_the_send_task_retries_a_batch_cut_short_and_sends_each_digest_once(
    world, two_digests, slow_smtp
):
    # The first run sends one and stops; its retry sends the other.
    assert tasks.send_digests.apply(args=[two_digests], throw=False).get() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.counsellor.email, world.colleague.email])
    assert not Digest.objects.filter(sent_at__isnull=True).exists()
