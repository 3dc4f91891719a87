"""Follow-ups past their due date remind the owner once; a week later the team manager."""

from lob.notifications.models import Kind
from students.models import FollowUpStatus
from tests.factories.staff import UserFactory, member
from tests.factories.students import FollowUpFactory, StudentFactory, session_with

from .conftest import DAY, days, reminders


def _follow_up(world, due, **kwargs):
    return FollowUpFactory(session=world.session, student=world.student, owner=world.counsellor,
                           due_date=due, **kwargs)


def test_follow_up_is_not_reminded_on_its_due_date(world, sweep_on):
    follow_up = _follow_up(world, DAY)
    sweep_on(DAY)
    assert reminders(Kind.FOLLOW_UP_OVERDUE, follow_up) == []


def test_overdue_follow_up_reminds_owner_once(world, sweep_on):
    follow_up = _follow_up(world, DAY)
    result = sweep_on(DAY + days(1))
    assert reminders(Kind.FOLLOW_UP_OVERDUE, follow_up) == [(world.counsellor.pk, "2026-03-10")]
    assert result.recorded[Kind.FOLLOW_UP_OVERDUE] >= 1

    again = sweep_on(DAY + days(1))
    sweep_on(DAY + days(3))
    assert reminders(Kind.FOLLOW_UP_OVERDUE, follow_up) == [(world.counsellor.pk, "2026-03-10")]
    assert again.recorded[Kind.FOLLOW_UP_OVERDUE] == 0


def test_overdue_reminder_names_the_student_and_links_to_them(world, sweep_on):
    follow_up = _follow_up(world, DAY)
    sweep_on(DAY + days(1))
    notification = follow_up.owner.notifications.get(object_id=follow_up.pk)
    assert notification.subject == "Sanne de Vries"
    assert notification.due_date == DAY
    assert notification.link == f"/students/{world.student.pk}/"


def test_closed_follow_up_is_not_reminded(world, sweep_on):
    done = _follow_up(world, DAY, status=FollowUpStatus.DONE, done_at=world.session.held_at)
    sweep_on(DAY + days(10))
    assert reminders(Kind.FOLLOW_UP_OVERDUE, done) == []
    assert reminders(Kind.FOLLOW_UP_ESCALATION, done) == []


def test_postponed_follow_up_is_reminded_again_for_its_new_date(world, sweep_on):
    follow_up = _follow_up(world, DAY)
    sweep_on(DAY + days(1))
    follow_up.due_date = DAY + days(5)
    follow_up.save(update_fields=["due_date"])
    sweep_on(DAY + days(5))
    assert len(reminders(Kind.FOLLOW_UP_OVERDUE, follow_up)) == 1
    sweep_on(DAY + days(6))
    assert reminders(Kind.FOLLOW_UP_OVERDUE, follow_up) == [
        (world.counsellor.pk, "2026-03-10"), (world.counsellor.pk, "2026-03-15"),
    ]


def test_handed_over_follow_up_reminds_the_new_owner(world, sweep_on):
    follow_up = _follow_up(world, DAY)
    follow_up.owner = world.colleague
    follow_up.save(update_fields=["owner"])
    sweep_on(DAY + days(1))
    assert reminders(Kind.FOLLOW_UP_OVERDUE, follow_up) == [(world.colleague.pk, "2026-03-10")]


def test_inactive_owner_gets_no_reminder(world, sweep_on):
    follow_up = _follow_up(world, DAY)
    world.counsellor.is_active = False
    world.counsellor.save(update_fields=["is_active"])
    sweep_on(DAY + days(1))
    assert reminders(Kind.FOLLOW_UP_OVERDUE, follow_up) == []


def test_follow_up_escalates_to_the_team_manager_seven_days_after_due(world, sweep_on):
    follow_up = _follow_up(world, DAY)
    sweep_on(DAY + days(7))
    assert reminders(Kind.FOLLOW_UP_ESCALATION, follow_up) == []

    sweep_on(DAY + days(8))
    sweep_on(DAY + days(8))
    sweep_on(DAY + days(9))
    # The manager of the student's team, not the manager of another team.
    assert reminders(Kind.FOLLOW_UP_ESCALATION, follow_up) == [(world.manager.pk, "2026-03-10")]
    assert reminders(Kind.FOLLOW_UP_OVERDUE, follow_up) == [(world.counsellor.pk, "2026-03-10")]


def test_follow_up_done_before_the_escalation_is_not_escalated(world, sweep_on):
    follow_up = _follow_up(world, DAY)
    sweep_on(DAY + days(1))
    FollowUpFactory._meta.model.objects.filter(pk=follow_up.pk).update(
        status=FollowUpStatus.DONE, done_at=world.session.held_at
    )
    sweep_on(DAY + days(8))
    assert reminders(Kind.FOLLOW_UP_ESCALATION, follow_up) == []


def test_escalation_reaches_every_manager_once_per_follow_up(world, sweep_on):
    second_manager = member(UserFactory(college=world.college), world.team, "manager")
    student = StudentFactory(programme=world.programme)
    session = session_with(student, counsellor=world.counsellor)
    ups = [FollowUpFactory(session=session, student=student, owner=world.counsellor, due_date=DAY)
           for _ in range(2)]
    sweep_on(DAY + days(8))
    for follow_up in ups:
        assert reminders(Kind.FOLLOW_UP_ESCALATION, follow_up) == sorted(
            [(world.manager.pk, "2026-03-10"), (second_manager.pk, "2026-03-10")]
        )
