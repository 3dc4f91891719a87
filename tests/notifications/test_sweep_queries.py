"""The sweep is set-based: its query count does not grow with the number of due items."""

import pytest
import time_machine
from django.core import mail

from lob.notifications import services
from lob.notifications.models import Digest, Kind, Notification
from students.models import FollowUp
from tests.factories.students import AssignmentFactory, StudentFactory

from .conftest import DAY, at, days

# Per rule one INSERT ... SELECT (9: two rules insert in two statements), one INSERT of the
# digests, one SELECT of the digests to send, one INSERT of the sweep run, and the savepoint
# pair of the sweep's transaction.
DAILY_SWEEP_QUERIES = 14
WEEKLY_SWEEP_QUERIES = 4
# Claim, load digest and recipient, pending ids, the listed items, and in a savepoint the two
# updates that mark them sent.
DIGEST_SEND_QUERIES = 8


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
