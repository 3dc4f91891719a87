"""One digest e-mail per person per day, in their language, plain text and HTML, with links;
SMTP failures are recorded and retried, never dropped."""

import smtplib
from unittest import mock

import pytest
import time_machine
from django.core import mail

from lob.notifications import services, tasks
from lob.notifications.models import Digest, Kind, Notification
from tests.factories.students import FollowUpFactory

from .conftest import DAY, at, days


@pytest.fixture
def sweep_and_send(django_capture_on_commit_callbacks):
    """The daily sweep at 07:00 on `day`, with the sends it enqueues run (eager, as without a
    broker)."""

    def run(day):
        with time_machine.travel(at(day), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                return services.reminders_sweep()

    return run


def _overdue(world, owner=None, due=DAY, **kwargs):
    return FollowUpFactory(session=world.session, student=world.student,
                           owner=owner or world.counsellor, due_date=due, **kwargs)


def _mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


@pytest.fixture
def quiet_world(world):
    """The world without its pre-made notifications, so each test counts its own."""
    Notification.objects.all().delete()
    return world


def test_daily_digest_lists_what_is_due_in_dutch_with_links(quiet_world, sweep_and_send, settings):
    world = quiet_world
    settings.LOB_BASE_URL = "https://lob.example.nl"
    _overdue(world)
    _overdue(world, due=DAY - days(8))  # also escalated to the manager
    sweep_and_send(DAY + days(1))

    [message] = _mails_to(world.counsellor)
    assert message.subject == "LOB: 2 herinneringen"
    assert "Hallo Carla," in message.body
    assert "- Afspraak over de datum: Sanne de Vries (uiterlijk 10 mrt. 2026)" in message.body
    assert "Sanne de Vries" in message.body
    assert f"https://lob.example.nl/students/{world.student.pk}/" in message.body
    assert "https://lob.example.nl/notifications/" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'href="https://lob.example.nl/students/{world.student.pk}/"' in html
    assert '<html lang="nl">' in html
    [manager_mail] = _mails_to(world.manager)
    assert "LOB: 1 herinnering" == manager_mail.subject

    digest = Digest.objects.get(recipient=world.counsellor)
    assert digest.sent_at is not None and digest.item_count == 2 and digest.last_error == ""
    assert not Notification.objects.filter(recipient=world.counsellor, emailed_at__isnull=True)


def test_digest_is_in_english_for_users_who_chose_english(quiet_world, sweep_and_send):
    world = quiet_world
    world.counsellor.language = "en"
    world.counsellor.save(update_fields=["language"])
    _overdue(world)
    sweep_and_send(DAY + days(1))
    [message] = _mails_to(world.counsellor)
    assert message.subject == "LOB: 1 reminder"
    assert "Hello Carla," in message.body
    assert "Follow-up past its due date: Sanne de Vries" in message.body
    assert '<html lang="en">' in message.alternatives[0][0]


def test_each_digest_of_a_batch_shows_dates_in_its_own_language(quiet_world, sweep_and_send):
    world = quiet_world
    world.counsellor.language = "en"
    world.counsellor.save(update_fields=["language"])
    _overdue(world, due=DAY - days(8))  # the counsellor's reminder, escalated to the manager
    sweep_and_send(DAY + days(1))  # both digests in one batch
    [english] = _mails_to(world.counsellor)
    [dutch] = _mails_to(world.manager)
    assert "(due 2 Mar 2026)" in english.body
    assert "(due 2 Mar 2026)" in english.alternatives[0][0]
    assert "(uiterlijk 2 mrt. 2026)" in dutch.body
    assert "(uiterlijk 2 mrt. 2026)" in dutch.alternatives[0][0]


def test_digest_carries_no_record_content(quiet_world, sweep_and_send):
    world = quiet_world
    _overdue(world, description="Gesprek over schulden en huisvesting")
    sweep_and_send(DAY + days(1))
    [message] = _mails_to(world.counsellor)
    assert "schulden" not in message.body
    assert "schulden" not in message.alternatives[0][0]


def test_one_email_per_person_per_day_later_items_wait_for_the_next_day(quiet_world, sweep_and_send):
    world = quiet_world
    _overdue(world)
    sweep_and_send(DAY + days(1))
    _overdue(world, due=DAY - days(1))  # logged later that day, already overdue
    sweep_and_send(DAY + days(1))  # a second run on the same day
    assert len(_mails_to(world.counsellor)) == 1
    assert Notification.objects.filter(recipient=world.counsellor).count() == 2

    sweep_and_send(DAY + days(2))
    first, second = _mails_to(world.counsellor)
    assert Digest.objects.filter(recipient=world.counsellor).count() == 2
    assert "10 mrt. 2026" in first.body and "9 mrt. 2026" not in first.body
    assert "9 mrt. 2026" in second.body and "10 mrt. 2026" not in second.body
    assert second.subject == "LOB: 1 herinnering"


def test_nothing_due_means_no_email(quiet_world, sweep_and_send):
    _overdue(quiet_world, due=DAY + days(5))
    sweep_and_send(DAY + days(1))
    assert mail.outbox == []
    assert not Digest.objects.exists()


def test_notifications_read_in_the_app_are_not_emailed(quiet_world):
    world = quiet_world
    _overdue(world)
    with time_machine.travel(at(DAY + days(1)), tick=False):
        services.reminders_sweep()  # recorded; the send has not run yet
    services.notifications_mark_all_read(user=world.counsellor)
    digest = Digest.objects.get(recipient=world.counsellor)
    assert services.digest_send(digest_id=digest.pk) is False
    assert mail.outbox == []
    digest.refresh_from_db()
    assert digest.sent_at is not None and digest.item_count == 0


def test_long_digest_lists_fifty_and_counts_the_rest(quiet_world, sweep_and_send):
    world = quiet_world
    for _ in range(53):
        _overdue(world)
    sweep_and_send(DAY + days(1))
    [message] = _mails_to(world.counsellor)
    assert message.subject == "LOB: 53 herinneringen"
    assert message.body.count("/students/") == 50
    assert "… en nog 3." in message.body


def test_smtp_failure_keeps_the_digest_unsent_with_its_error(quiet_world, sweep_and_send):
    world = quiet_world
    _overdue(world)
    with mock.patch("django.core.mail.EmailMultiAlternatives.send",
                    side_effect=smtplib.SMTPServerDisconnected("mail server went away")):
        sweep_and_send(DAY + days(1))  # the sweep itself does not fail
    digest = Digest.objects.get(recipient=world.counsellor)
    assert digest.sent_at is None
    assert digest.claimed_at is None  # released: the retry can take it at once
    assert "mail server went away" in digest.last_error
    assert digest.attempts >= 1
    assert Notification.objects.filter(recipient=world.counsellor, emailed_at__isnull=True).count() == 1
    assert mail.outbox == []

    # The next sweep picks the unsent digest up again and sends it once.
    sweep_and_send(DAY + days(2))
    assert len(_mails_to(world.counsellor)) == 1
    digest.refresh_from_db()
    assert digest.sent_at is not None and digest.last_error == ""


def test_send_task_retries_smtp_errors_with_backoff():
    task = tasks.send_digest
    assert smtplib.SMTPException in task.autoretry_for
    assert OSError in task.autoretry_for
    assert task.retry_backoff and task.retry_backoff_max == 3600
    assert task.max_retries == 8


def test_deactivated_recipient_gets_no_email(quiet_world):
    world = quiet_world
    _overdue(world)
    with time_machine.travel(at(DAY + days(1)), tick=False):
        services.reminders_sweep()
    world.counsellor.is_active = False
    world.counsellor.save(update_fields=["is_active"])
    digest = Digest.objects.get(recipient=world.counsellor)
    assert services.digest_send(digest_id=digest.pk) is False
    assert mail.outbox == []
    digest.refresh_from_db()
    assert "deactivated" in digest.last_error


def test_reminder_kinds_all_have_a_dutch_label():
    from django.utils import translation

    for kind in Kind:
        with translation.override("en"):
            english = str(kind.label)
        with translation.override("nl"):
            assert str(kind.label) != english, kind
