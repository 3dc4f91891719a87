"""Staff reminders: 360 requests near their deadline, review meetings coming up."""

from lob.notifications.models import Kind
from staff.models import CompetencyFramework, CycleMeeting, FeedbackRequest, ReviewCycle, Stage
from tests.factories.staff import UserFactory

from .conftest import DAY, at, days, reminders


def _framework(college):
    version = 100 + CompetencyFramework.objects.filter(college=college).count()
    return CompetencyFramework.objects.create(college=college, name="Schema", version=version,
                                              is_current=False)


def _cycle(world, stage=Stage.POP):
    framework = _framework(world.college)
    ReviewCycle.objects.filter(employee=world.counsellor, school_year=2025).delete()
    return ReviewCycle.objects.create(
        employee=world.counsellor, manager=world.manager, team=world.team, school_year=2025,
        framework=framework, stage=stage,
    )


def _request(world, cycle, deadline, **kwargs):
    return FeedbackRequest.objects.create(
        cycle=cycle, rater=world.colleague, rater_group="team", deadline=deadline,
        invited_by=world.manager, **kwargs,
    )


def test_360_request_is_not_reminded_four_days_before_its_deadline(world, sweep_on):
    request = _request(world, _cycle(world), DAY + days(4))
    sweep_on(DAY)
    assert reminders(Kind.FEEDBACK_REQUEST_DUE, request) == []


def test_open_360_request_reminds_the_rater_once_three_days_before(world, sweep_on):
    request = _request(world, _cycle(world), DAY + days(3))
    sweep_on(DAY)
    sweep_on(DAY)
    sweep_on(DAY + days(2))
    assert reminders(Kind.FEEDBACK_REQUEST_DUE, request) == [(world.colleague.pk, "2026-03-13")]
    notification = world.colleague.notifications.get(object_id=request.pk)
    # The rater knows whom they were asked about; the link opens their answer form.
    assert notification.subject == "Carla Counsel"
    assert notification.link == f"/staff/feedback/{request.pk}/"


def test_answered_360_request_is_not_reminded(world, sweep_on):
    request = _request(world, _cycle(world), DAY + days(2), answered_at=at(DAY - days(1)))
    sweep_on(DAY)
    assert reminders(Kind.FEEDBACK_REQUEST_DUE, request) == []


def test_360_request_past_its_deadline_is_not_reminded(world, sweep_on):
    request = _request(world, _cycle(world), DAY - days(1))
    sweep_on(DAY)
    assert reminders(Kind.FEEDBACK_REQUEST_DUE, request) == []


def test_review_meeting_reminds_employee_and_manager_three_days_ahead(world, sweep_on):
    cycle = _cycle(world)
    meeting = CycleMeeting.objects.create(cycle=cycle, kind=Stage.POP, planned_on=DAY + days(3))
    sweep_on(DAY - days(1))
    assert reminders(Kind.REVIEW_MEETING_DUE, meeting) == []

    sweep_on(DAY)
    sweep_on(DAY)
    sweep_on(DAY + days(3))
    assert reminders(Kind.REVIEW_MEETING_DUE, meeting) == sorted(
        [(world.counsellor.pk, "2026-03-13"), (world.manager.pk, "2026-03-13")]
    )
    notification = world.manager.notifications.get(object_id=meeting.pk)
    assert notification.link == f"/staff/cycles/{cycle.pk}/"


def test_held_or_later_meetings_are_not_reminded(world, sweep_on):
    cycle = _cycle(world, stage=Stage.FUNCTIONING)
    held = CycleMeeting.objects.create(cycle=cycle, kind=Stage.POP, planned_on=DAY,
                                       held_on=DAY)
    later = CycleMeeting.objects.create(cycle=_cycle_for_other(world), kind=Stage.APPRAISAL,
                                        planned_on=DAY + days(1))
    sweep_on(DAY)
    assert reminders(Kind.REVIEW_MEETING_DUE, held) == []
    # The cycle is at its POP meeting: an appraisal planned already is not due yet.
    assert reminders(Kind.REVIEW_MEETING_DUE, later) == []


def _cycle_for_other(world):
    framework = _framework(world.college)
    return ReviewCycle.objects.create(
        employee=UserFactory(college=world.college), manager=world.manager, team=world.team,
        school_year=2025, framework=framework, stage=Stage.POP,
    )
