"""`manage.py send_reminders`: the sweep by hand, and --dry-run that changes nothing."""

from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from lob.notifications.models import Digest, Notification, SweepRun
from tests.factories.students import AssignmentFactory, FollowUpFactory, StudentFactory

from .conftest import DAY, at, days


def _run(*args):
    out = StringIO()
    with time_machine.travel(at(DAY), tick=False):
        call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def _overdue(world, n=3):
    Notification.objects.all().delete()
    for _ in range(n):
        FollowUpFactory(session=world.session, student=world.student, owner=world.counsellor,
                        due_date=DAY - days(2))


def test_dry_run_shows_what_would_be_sent_and_changes_nothing(world):
    _overdue(world)
    output = _run("--dry-run")
    assert "Dry run for 2026-03-10: 3 reminders would be recorded" in output
    assert "counsellor@west.test" in output
    assert "Sanne de Vries" in output
    assert not Notification.objects.exists()
    assert not Digest.objects.exists()
    assert not SweepRun.objects.exists()
    assert mail.outbox == []


def test_dry_run_leaves_out_what_was_already_recorded(world):
    _overdue(world)
    _run()
    assert "0 reminders would be recorded" in _run("--dry-run")


# Committed for real, as from the command line: the sends run when the sweep commits.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_send_reminders_records_and_sends_and_says_so(world):
    _overdue(world)
    output = _run()
    assert "Sweep of 2026-03-10: 3 new reminders" in output
    assert "Digest e-mails: 1 queued, 1 sent now, 0 waiting" in output
    assert Notification.objects.count() == 3
    assert [m.to for m in mail.outbox] == [["counsellor@west.test"]]
    assert SweepRun.objects.filter(scope="daily").count() == 1


def test_caseload_option_runs_the_weekly_rule_too(world):
    Notification.objects.all().delete()
    student = StudentFactory(programme=world.programme, start_date=DAY - days(100))
    AssignmentFactory(student=student, counsellor=world.counsellor, start_date=student.start_date)
    assert "1 reminders would be recorded" in _run("--dry-run", "--caseload")
    _run("--caseload")
    assert Notification.objects.filter(object_id=student.pk, kind="student_not_seen").count() == 1
    assert set(SweepRun.objects.values_list("scope", flat=True)) == {"daily", "weekly"}
