"""The weekly caseload sweep: students not seen individually for eight weeks → their counsellor."""

import datetime

from lob.notifications.models import Kind, Notification
from students.models import SessionFormat, SessionKind, StudentStatus
from tests.factories.students import AssignmentFactory, StudentFactory, session_with

from .conftest import DAY, at, days, reminders

LONG_AGO = datetime.date(2025, 9, 1)


def _student(world, **kwargs):
    student = StudentFactory(programme=world.programme, start_date=LONG_AGO, **kwargs)
    AssignmentFactory(student=student, counsellor=world.counsellor, start_date=LONG_AGO)
    return student


def _seen(world, student, when, **kwargs):
    session_with(student, counsellor=world.counsellor, held_at=when, **kwargs)


def test_student_seen_eight_weeks_ago_tomorrow_is_not_reminded(world, sweep_on):
    student = _student(world)
    _seen(world, student, at(DAY - days(55), 10))
    sweep_on(DAY, scope="weekly")
    assert reminders(Kind.STUDENT_NOT_SEEN, student) == []


def test_student_not_seen_for_eight_weeks_reminds_the_counsellor_once_a_week(world, sweep_on):
    student = _student(world)
    _seen(world, student, at(DAY - days(57), 10))
    sweep_on(DAY, scope="weekly")
    sweep_on(DAY, scope="weekly")
    sweep_on(DAY + days(3), scope="weekly")  # same ISO week
    assert reminders(Kind.STUDENT_NOT_SEEN, student) == [(world.counsellor.pk, "2026-W11")]

    sweep_on(DAY + days(7), scope="weekly")
    assert reminders(Kind.STUDENT_NOT_SEEN, student) == [
        (world.counsellor.pk, "2026-W11"), (world.counsellor.pk, "2026-W12"),
    ]


def test_daily_sweep_does_not_run_the_caseload_rule(world, sweep_on):
    student = _student(world)
    sweep_on(DAY)
    assert reminders(Kind.STUDENT_NOT_SEEN, student) == []


def test_group_lesson_or_absence_does_not_count_as_seen(world, sweep_on):
    in_group = _student(world)
    other = StudentFactory(programme=world.programme)
    session_with(in_group, other, counsellor=world.counsellor, held_at=at(DAY - days(7)))
    absent = _student(world)
    session_with(world.team_student, absent=[absent], counsellor=world.counsellor,
                 held_at=at(DAY - days(7)), format=SessionFormat.INDIVIDUAL,
                 kind=SessionKind.CAREER)
    sweep_on(DAY, scope="weekly")
    assert reminders(Kind.STUDENT_NOT_SEEN, in_group) == [(world.counsellor.pk, "2026-W11")]
    assert reminders(Kind.STUDENT_NOT_SEEN, absent) == [(world.counsellor.pk, "2026-W11")]


def test_new_left_or_unassigned_students_are_not_reminded(world, sweep_on):
    new = StudentFactory(programme=world.programme, start_date=DAY - days(20))
    AssignmentFactory(student=new, counsellor=world.counsellor, start_date=DAY - days(20))
    left = _student(world, status=StudentStatus.DROPPED_OUT, end_date=DAY - days(3))
    unassigned = StudentFactory(programme=world.programme, start_date=LONG_AGO)
    sweep_on(DAY, scope="weekly")
    for student in (new, left, unassigned):
        assert not Notification.objects.filter(kind=Kind.STUDENT_NOT_SEEN, object_id=student.pk)
