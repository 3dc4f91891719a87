"""Retention: records are kept until their term is reached and removed on that very day, by the
nightly task and by `manage.py purge_expired` (which can also just tell, --dry-run)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from lec.models import AccessLog, Referral, Status
from lob.privacy import graph
from lob.privacy.models import PrivacyEvent
from lob.privacy.retention import retention_run, years_before
from students.models import FollowUp, GuidanceSession, Student
from tests.factories.lec import FindingFactory, ReferralFactory
from tests.factories.students import FollowUpFactory, StudentFactory, session_with

pytestmark = pytest.mark.django_db

LEFT_ON = datetime.date(2023, 7, 15)


def _at(day: datetime.date, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def leaver(world):
    """A student who graduated on LEFT_ON, with first-line and LEC records and an access log."""
    student = StudentFactory(programme=world.programme, student_number="300001",
                             start_date=datetime.date(2020, 8, 1), status="graduated",
                             end_date=LEFT_ON)
    session = session_with(student, counsellor=world.counsellor)
    FollowUpFactory(session=session, student=student, owner=world.counsellor)
    referral = ReferralFactory(student=student, referred_by=world.counsellor,
                               status=Status.CLOSED, assigned_to=world.lec_worker,
                               outcome="work", referred_at=_at(datetime.date(2022, 3, 1)))
    FindingFactory(referral=referral)
    AccessLog.objects.create(user=world.lec_worker, referral=referral, action="view_case",
                             at=_at(datetime.date(2022, 3, 2)))
    return student


def _has_records(student_id) -> bool:
    return any(sm.rows_for(student_id).exists() for sm in graph.subject_models()
               if sm.label not in ("lec.accesslog", "lec.referral"))


def test_records_are_kept_on_the_day_before_the_term_ends(world, leaver, time_machine):
    time_machine.move_to(_at(datetime.date(2025, 7, 14), 2), tick=False)
    call_command("purge_expired", stdout=StringIO())
    assert Student.objects.get(pk=leaver.pk).student_number == "300001"
    assert FollowUp.objects.filter(student=leaver).count() == 1
    assert Referral.objects.get(student=leaver).findings.count() == 1


def test_records_are_purged_on_the_day_the_term_ends(world, leaver, time_machine):
    time_machine.move_to(_at(datetime.date(2025, 7, 15), 2), tick=False)
    out = StringIO()
    call_command("purge_expired", stdout=out)
    assert not _has_records(leaver.pk)
    assert not GuidanceSession.objects.filter(attendances__student_id=leaver.pk).exists()
    # The access log (5 years) still needs the referral: a shell on a pseudonymised student.
    shell = Referral.objects.get(pk=AccessLog.objects.get(referral__student_id=leaver.pk).referral_id)
    assert shell.reason == "" and not shell.findings.exists()
    assert Student.objects.get(pk=leaver.pk).student_number == graph.subject_ref(leaver.pk)
    assert "students erased" in out.getvalue() or "students past every term" in out.getvalue()
    # Active students and their records are untouched.
    assert Student.objects.filter(pk=world.student.pk, first_name="Sanne").exists()
    assert FollowUp.objects.filter(pk=world.follow_up.pk).exists()
    event = PrivacyEvent.objects.get(action="retention")
    assert event.detail["students_erased"] == 1


def test_the_access_log_and_its_shells_go_after_five_years(world, leaver, time_machine):
    time_machine.move_to(_at(datetime.date(2025, 7, 15), 2), tick=False)
    retention_run()
    # The access-log entry of 2 March 2022 is kept until 2 March 2027.
    time_machine.move_to(_at(datetime.date(2027, 3, 1), 2), tick=False)
    retention_run()
    assert AccessLog.objects.filter(referral__student_id=leaver.pk).count() == 1
    time_machine.move_to(_at(datetime.date(2027, 3, 2), 2), tick=False)
    report = retention_run()
    assert report["deleted"]["lec.accesslog"] == 1
    assert not Referral.objects.filter(student_id=leaver.pk).exists()
    assert not Student.objects.filter(pk=leaver.pk).exists()
    # The rest of the access log is untouched, and the database still refuses changes to it.
    assert AccessLog.objects.count() == AccessLog.objects.filter(at__gte=_at(datetime.date(2022, 3, 3))).count()
    if connection.vendor == "postgresql" and AccessLog.objects.exists():
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE lec_accesslog SET action = 'view_case'")


def test_dry_run_tells_and_changes_nothing(world, leaver, time_machine):
    time_machine.move_to(_at(datetime.date(2026, 1, 1), 2), tick=False)
    out = StringIO()
    call_command("purge_expired", "--dry-run", stdout=out)
    assert "Would remove" in out.getvalue() and "students.followup" in out.getvalue()
    assert Student.objects.get(pk=leaver.pk).student_number == "300001"
    assert FollowUp.objects.filter(student=leaver).exists()
    assert not PrivacyEvent.objects.exists()


def test_a_second_run_finds_nothing_left(world, leaver, time_machine):
    time_machine.move_to(_at(datetime.date(2026, 1, 1), 2), tick=False)
    assert retention_run()["total"] > 0
    assert retention_run()["total"] == 0


def test_the_nightly_task_runs_the_retention(world, leaver, time_machine, settings):
    from lob.privacy.tasks import purge_expired

    assert settings.CELERY_BEAT_SCHEDULE["privacy-purge-expired"]["task"] == \
        "lob.privacy.tasks.purge_expired"
    time_machine.move_to(_at(datetime.date(2026, 1, 1), 2), tick=False)
    report = purge_expired.delay().get()
    assert report["students_erased"] == 1


def test_separate_terms_per_kind(world, leaver, time_machine, settings):
    settings.LOB_RETENTION_YEARS = {**settings.LOB_RETENTION_YEARS, "lec": 3}
    time_machine.move_to(_at(datetime.date(2025, 8, 1), 2), tick=False)
    retention_run()
    assert not FollowUp.objects.filter(student=leaver).exists()
    assert Referral.objects.get(student=leaver).findings.count() == 1  # LEC: one year more
    assert Student.objects.get(pk=leaver.pk).student_number == "300001"


def test_bad_date_for_the_command_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("purge_expired", "--today", "gisteren", stdout=StringIO())


def test_years_before_handles_leap_days():
    assert years_before(datetime.date(2026, 2, 28), 2) == datetime.date(2024, 2, 28)
    assert years_before(datetime.date(2028, 2, 29), 2) == datetime.date(2026, 2, 28)
