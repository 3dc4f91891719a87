"""The sweep is set-based: its query count does not grow with the number of due items."""

import math

import pytest
import time_machine
from django.core import mail

from lob.notifications import services
from lob.notifications.models import Digest, Kind, Notification
from students.models import FollowUp
from tests.factories.staff import UserFactory
from tests.factories.students import AssignmentFactory, StudentFactory

from .conftest import DAY, at, days

# Per rule one INSERT ... SELECT (12: four rules insert in two statements), each in its own
# savepoint pair (a failing rule must not stop the others, issue 15 F8), one INSERT of the
# digests, one SELECT of the digests to send, one INSERT of the sweep run, and the savepoint
# pair of the sweep's transaction.
DAILY_SWEEP_QUERIES = 41
WEEKLY_SWEEP_QUERIES = 9  # two weekly rules: not seen, absence alert
# Claim, settle deactivated recipients, load digests and recipients, pending ids, the listed
# items, and in a savepoint the two updates that mark them sent: per batch, not per digest.
DIGEST_SEND_QUERIES = 9
# After the sweep's commit: the sweep run's count of digests queued.
ENQUEUE_QUERIES = 1
# Issue 14: the daily sweep and the sending of its 1,000 digests together.
DAILY_BUDGET_FOR_1000_DIGESTS = 100


def _due_items(world, n):
    FollowUp.objects.bulk_create([
        FollowUp(session=world.session, student=world.student, owner=world.counsellor,
                 description=f"Afspraak {i}", due_date=DAY - days(10 + i % 5))
        for i in range(n)
    ])
    students = [StudentFactory.build(programme=world.programme, college=world.college,
                                     student_number=f"9{i:06d}", start_date=DAY - days(200))
                for i in range(n)]
    students = StudentFactory._meta.model.objects.bulk_create(students)
    for s in students[:3]:
        AssignmentFactory(student=s, counsellor=world.counsellor, start_date=s.start_date)


@pytest.mark.parametrize("n", [10, 1000])
def test_daily_sweep_query_count_is_the_same_for_10_and_1000_due_items(
    world, n, django_assert_num_queries
):
    _due_items(world, n)
    with time_machine.travel(at(DAY), tick=False):
        with django_assert_num_queries(DAILY_SWEEP_QUERIES):
            result = services.reminders_sweep()
    # n overdue follow-ups, each also escalated to the team's manager.
    assert result.recorded[Kind.FOLLOW_UP_OVERDUE] == n
    assert result.recorded[Kind.FOLLOW_UP_ESCALATION] == n
    assert Notification.objects.filter(recipient=world.counsellor, kind=Kind.FOLLOW_UP_OVERDUE).exclude(pk=world.notification.pk).count() == n


@pytest.mark.parametrize("n", [10, 1000])
def test_weekly_sweep_query_count_is_the_same_for_10_and_1000_students(
    world, n, django_assert_num_queries
):
    _due_items(world, n)
    with time_machine.travel(at(DAY), tick=False):
        with django_assert_num_queries(WEEKLY_SWEEP_QUERIES):
            result = services.reminders_sweep(scope="weekly")
    assert result.recorded[Kind.STUDENT_NOT_SEEN] == 3


@pytest.mark.parametrize("n", [10, 1000])
def test_sending_a_digest_costs_the_same_for_10_and_1000_items(
    world, n, django_assert_num_queries
):
    _due_items(world, n)
    with time_machine.travel(at(DAY), tick=False):
        services.reminders_sweep()
        digest = Digest.objects.get(recipient=world.counsellor)
        with django_assert_num_queries(DIGEST_SEND_QUERIES):
            assert services.digest_send(digest_id=digest.pk)
    assert len(mail.outbox) == 1
    # The world's own unread notification travels along.
    assert f"({n + 1} " in mail.outbox[0].body


def _people_with_two_unread(world, n):
    """n people with two unread reminders each, and nobody else with anything to mail."""
    Notification.objects.all().delete()
    people = UserFactory.create_batch(n, college=world.college)
    Notification.objects.bulk_create([
        Notification(recipient=person, kind=Kind.FOLLOW_UP_OVERDUE, object_id=due.day + person.pk,
                     period=str(due), subject="Sam Jansen", target_id=world.student.pk,
                     due_date=due, created_at=at(DAY))
        for person in people for due in (DAY - days(1), DAY - days(2))
    ])
    return people


@pytest.mark.parametrize("n", [10, 100])
def test_sending_a_batch_of_digests_costs_the_same_for_10_and_100_digests(
    world, n, django_assert_num_queries
):
    """Issue 14: a batch of digests is gathered and marked with one query per kind of row,
    not ~8 queries per digest."""
    people = _people_with_two_unread(world, n)
    with time_machine.travel(at(DAY), tick=False):
        services.digests_compose(moment=services.moment_now())
        ids = list(Digest.objects.filter(recipient__in=people).values_list("pk", flat=True))
        mail.outbox.clear()
        with django_assert_num_queries(DIGEST_SEND_QUERIES):
            assert services.digests_send(digest_ids=ids) == n
    assert len(mail.outbox) == n
    assert not Digest.objects.filter(pk__in=ids, sent_at__isnull=True).exists()
    assert set(Digest.objects.filter(pk__in=ids).values_list("item_count", flat=True)) == {2}
    assert not Notification.objects.filter(recipient__in=people, emailed_at__isnull=True).exists()
    assert all(m.extra_headers["Message-ID"].startswith("<digest-") for m in mail.outbox)


@pytest.mark.parametrize("n", [10, 100])
def test_the_daily_sweep_with_its_sending_costs_the_same_for_10_and_100_digests(
    world, n, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Issue 14: the sweep and the send tasks it enqueues (run eagerly after its commit), end
    to end: one batch's queries whether it holds 10 digests or 100."""
    people = _people_with_two_unread(world, n)
    with time_machine.travel(at(DAY), tick=False):
        with django_assert_num_queries(DAILY_SWEEP_QUERIES + DIGEST_SEND_QUERIES
                                       + ENQUEUE_QUERIES):
            with django_capture_on_commit_callbacks(execute=True):
                result = services.reminders_sweep()
    assert result.digests_queued == len(result.digest_ids) == n
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(
        p.email for p in people)
    assert not Digest.objects.filter(sent_at__isnull=True).exists()
    assert set(Digest.objects.values_list("item_count", flat=True)) == {2}


def test_the_sweep_sends_its_digests_in_batches_of_the_batch_size(
    world, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.LOB_DIGEST_BATCH_SIZE = 4
    _people_with_two_unread(world, 9)
    with time_machine.travel(at(DAY), tick=False):
        # Nine digests: batches of 4, 4 and 1.
        with django_assert_num_queries(DAILY_SWEEP_QUERIES + 3 * DIGEST_SEND_QUERIES
                                       + ENQUEUE_QUERIES):
            with django_capture_on_commit_callbacks(execute=True):
                result = services.reminders_sweep()
    assert result.digests_queued == len(result.digest_ids) == 9
    assert len(mail.outbox) == 9


def test_the_default_batch_size_keeps_1000_digests_within_the_daily_budget(settings):
    """The counts pinned above (per sweep, per batch) with the default batch size: the daily
    sweep and the sending of 1,000 digests stay within issue 14's 100 queries."""
    from lob import settings as defaults

    assert settings.LOB_DIGEST_BATCH_SIZE == defaults.LOB_DIGEST_BATCH_SIZE
    batches = math.ceil(1000 / defaults.LOB_DIGEST_BATCH_SIZE)
    assert (DAILY_SWEEP_QUERIES + batches * DIGEST_SEND_QUERIES + ENQUEUE_QUERIES
            <= DAILY_BUDGET_FOR_1000_DIGESTS)
