"""seed_history: a realistic, valid and idempotent first-line history for the demo college."""

import io

import pytest
from django.db.models import F
from django.utils import timezone

from common.demo import DemoContext, demo_password_hash
from staff.demo import college_for_index, seed_organisation
from students.demo import seed_history, seed_register
from students.models import (
    CounsellorAssignment,
    FollowUp,
    GuidanceSession,
    SessionAttendance,
    SessionKind,
)
from tests.conftest import restored_afterwards

pytestmark = pytest.mark.django_db


def _context():
    college, domain = college_for_index(0)
    return DemoContext(college=college, index=0, today=timezone.localdate(),
                       password_hash=demo_password_hash(), stdout=io.StringIO(),
                       email_domain=domain)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), restored_afterwards():
        ctx = _context()
        seed_organisation(ctx)
        seed_register(ctx)
        seed_history(ctx)
        counts = (GuidanceSession.objects.count(), FollowUp.objects.count())
        # Second run, without the register in ctx.data: must add nothing.
        again = _context()
        seed_organisation(again)
        seed_history(again)
        yield {"counts": counts, "again": again}


def test_history_is_idempotent(seeded):
    assert (GuidanceSession.objects.count(), FollowUp.objects.count()) == seeded["counts"]
    assert "first-line history already there" in seeded["again"].stdout.getvalue()
    assert seeded["counts"][0] > 10_000


def test_sessions_of_every_kind_over_the_school_year(seeded):
    assert set(GuidanceSession.objects.values_list("kind", flat=True)) == set(SessionKind.values)
    assert not GuidanceSession.objects.filter(held_at__gt=timezone.now()).exists()
    assert not GuidanceSession.objects.filter(duration_minutes__gt=480).exists()
    first = GuidanceSession.objects.order_by("held_at").first().held_at
    assert (timezone.now() - first).days > 180
    assert not SessionAttendance.objects.exclude(held_at=F("session__held_at")).exists()


def test_group_sessions_have_absences_and_everyone_present_somewhere(seeded):
    group = GuidanceSession.objects.filter(format="group")
    assert group.count() > 1000
    assert SessionAttendance.objects.filter(session__format="group", present=False).exists()
    assert not group.exclude(attendances__present=True).exists()


def test_follow_ups_open_done_cancelled_and_overdue(seeded):
    today = timezone.localdate()
    statuses = set(FollowUp.objects.values_list("status", flat=True))
    assert statuses == {"open", "done", "cancelled"}
    assert FollowUp.objects.filter(status="open", due_date__lt=today).exists()
    assert FollowUp.objects.filter(status="open", due_date__gte=today).exists()
    assert not FollowUp.objects.filter(due_date__lt=F("session__held_at__date")).exists()


def test_intakes_mostly_on_time_some_late_incomplete_or_missing(seeded):
    intakes = GuidanceSession.objects.filter(kind="intake")
    assert intakes.filter(intake_complete=False).exists()
    assert intakes.filter(intake_complete=True).count() > intakes.count() * 0.7
    from students.models import Student

    # Graduates of earlier school years have no first-line history in the demo.
    enrolled = Student.objects.exclude(status="graduated")
    without = enrolled.exclude(attendances__session__kind="intake")
    assert 0 < without.count() < enrolled.count() * 0.2


def test_demo_counsellor_has_recent_handovers_and_a_lob_group(seeded):
    from staff.models import User

    demo = User.objects.get(email="counsellor@west.lob.demo")
    recent = CounsellorAssignment.objects.filter(counsellor=demo, end_date__isnull=True).exclude(
        handover_note="")
    assert recent.exists()
    assert demo.led_groups.filter(kind="lob_group").exists()
    assert GuidanceSession.objects.filter(counsellor=demo).count() > 50
