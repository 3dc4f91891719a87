"""Issue 15, F8: one long name (or any one bad row) must not stop every reminder.

The import accepts a first name of 100 and a last name of 150 characters; a notification's
subject holds 200. The subject is cut to fit with an ellipsis; and a rule (or a row) that still
fails is isolated: the other rules and rows are recorded and sent, the failure is counted on
the sweep run and logged by ids only."""

import logging
from unittest import mock

import pytest
from django.core import mail
from django.db.models import BigIntegerField, Case, F, Value, When

from lob.notifications import rules, services
from lob.notifications.models import Kind, Notification, SweepRun
from students.models import FollowUp, FollowUpStatus
from tests.factories.students import FollowUpFactory, StudentFactory

from .conftest import DAY, days

LONG_FIRST = "Wilhelmina" * 10  # 100 characters, the import's maximum
LONG_LAST = "Oranje-Nassau" * 11 + "abcdefg"  # 150 characters


@pytest.fixture
def quiet_world(world):
    Notification.objects.all().delete()
    return world


def _sweep_and_send(day, capture):
    import time_machine

    from .conftest import at

    with time_machine.travel(at(day), tick=False):
        with capture(execute=True):
            return services.reminders_sweep()


def test_a_student_with_the_longest_name_gets_a_subject_cut_to_fit(
    quiet_world, django_capture_on_commit_callbacks
):
    w = quiet_world
    long_named = StudentFactory(programme=w.programme, first_name=LONG_FIRST, last_name=LONG_LAST,
                                student_number="100777")
    FollowUpFactory(session=w.session, student=long_named, owner=w.counsellor, due_date=DAY)
    FollowUpFactory(session=w.session, student=w.student, owner=w.counsellor, due_date=DAY)

    result = _sweep_and_send(DAY + days(1), django_capture_on_commit_callbacks)

    assert result.recorded[Kind.FOLLOW_UP_OVERDUE] == 2
    subject = Notification.objects.get(target_id=long_named.pk,
                                       kind=Kind.FOLLOW_UP_OVERDUE).subject
    max_length = Notification._meta.get_field("subject").max_length
    assert len(subject) == max_length
    assert subject.endswith("…") and subject.startswith(LONG_FIRST)
    assert Notification.objects.get(target_id=w.student.pk,
                                    kind=Kind.FOLLOW_UP_OVERDUE).subject == "Sanne de Vries"
    assert any(m.to == [w.counsellor.email] for m in mail.outbox)


def _rule_with_one_bad_row(bad_pk):
    """A follow-up rule whose row for `bad_pk` violates a check constraint (a negative object
    id): stands for any row the database refuses."""

    def one_bad_row(m):
        qs = FollowUp.objects.filter(status=FollowUpStatus.OPEN, due_date__lt=m.today)
        return [rules._rows(
            qs, kind=Kind.FOLLOW_UP_OVERDUE,
            object_id=Case(When(pk=bad_pk, then=Value(-1)), default=F("pk"),
                           output_field=BigIntegerField()),
            recipient_id=F("owner_id"), period=Value("isolation"),
            subject=rules._name("student__"), target_id=F("student_id"), due_date=F("due_date"),
        )]

    return one_bad_row


def test_a_failing_row_is_skipped_and_reported_while_the_rest_is_recorded_and_sent(
    quiet_world, django_capture_on_commit_callbacks, caplog
):
    w = quiet_world
    good = FollowUpFactory(session=w.session, student=w.student, owner=w.counsellor, due_date=DAY)
    bad = FollowUpFactory(session=w.session, student=w.student, owner=w.counsellor, due_date=DAY)
    rule_set = (_rule_with_one_bad_row(bad.pk), *rules.DAILY_RULES)

    with mock.patch.object(rules, "DAILY_RULES", rule_set), caplog.at_level(logging.INFO):
        result = _sweep_and_send(DAY + days(1), django_capture_on_commit_callbacks)

    # The bad rule's good row and every other rule are recorded.
    assert Notification.objects.filter(object_id=good.pk, period="isolation").exists()
    assert not Notification.objects.filter(period="isolation").exclude(object_id=good.pk).exists()
    assert Notification.objects.filter(object_id=bad.pk, kind=Kind.FOLLOW_UP_OVERDUE).exists()
    assert result.skipped == {Kind.FOLLOW_UP_OVERDUE: 1}
    run = SweepRun.objects.get()
    assert run.skipped == {Kind.FOLLOW_UP_OVERDUE: 1}
    assert run.digests_queued == len(result.digest_ids) > 0
    assert any(m.to == [w.counsellor.email] for m in mail.outbox)

    # Reported by ids, without the student's name.
    problems = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("row skipped" in r.getMessage() for r in problems)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Sanne" not in logged and "Vries" not in logged
