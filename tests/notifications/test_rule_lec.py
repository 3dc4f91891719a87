"""LEC reminders: overdue plan actions, referrals waiting for triage, cases without feedback."""

import datetime

from lec.models import ActionStatus, Owner, Status
from lob.notifications.models import Kind
from tests.factories.lec import PlanActionFactory, ReferralFactory
from tests.factories.students import AssignmentFactory, StudentFactory

from .conftest import DAY, at, days, reminders


def _case(world, **kwargs):
    student = StudentFactory(programme=world.programme)
    AssignmentFactory(student=student, counsellor=world.colleague)
    kwargs.setdefault("status", Status.IN_PROGRESS)
    kwargs.setdefault("assigned_to", world.lec_worker)
    kwargs.setdefault("referred_at", at(DAY - days(30)))
    return ReferralFactory(student=student, referred_by=world.counsellor, **kwargs)


# --- plan actions ----------------------------------------------------------------------------


def test_plan_action_is_not_reminded_on_its_due_date(world, sweep_on):
    action = PlanActionFactory(referral=_case(world), due_date=DAY)
    sweep_on(DAY)
    assert reminders(Kind.PLAN_ACTION_OVERDUE, action) == []


def test_student_owned_overdue_action_reminds_the_case_worker_once(world, sweep_on):
    action = PlanActionFactory(referral=_case(world), owner=Owner.STUDENT, due_date=DAY)
    sweep_on(DAY + days(1))
    sweep_on(DAY + days(1))
    sweep_on(DAY + days(2))
    assert reminders(Kind.PLAN_ACTION_OVERDUE, action) == [(world.lec_worker.pk, "2026-03-10")]


def test_case_worker_owned_overdue_action_reminds_the_case_worker(world, sweep_on):
    action = PlanActionFactory(referral=_case(world, assigned_to=world.lec_worker2),
                               owner=Owner.CASE_WORKER, due_date=DAY)
    sweep_on(DAY + days(1))
    assert reminders(Kind.PLAN_ACTION_OVERDUE, action) == [(world.lec_worker2.pk, "2026-03-10")]


def test_counsellor_owned_overdue_action_reminds_the_students_counsellor(world, sweep_on):
    action = PlanActionFactory(referral=_case(world), owner=Owner.COUNSELLOR, due_date=DAY)
    sweep_on(DAY + days(1))
    assert reminders(Kind.PLAN_ACTION_OVERDUE, action) == []
    assert reminders(Kind.FIRST_LINE_ACTION_OVERDUE, action) == [
        (world.colleague.pk, "2026-03-10")]
    # Linked to the student page (the counsellor cannot open the case), named by the student.
    notification = world.colleague.notifications.get(object_id=action.pk)
    assert notification.link == f"/students/{action.referral.student_id}/"


def test_an_action_handed_to_the_first_line_is_reminded_after_the_case_closed(world, sweep_on):
    closed_case = _case(world, status=Status.CLOSED, outcome="back_in_programme")
    action = PlanActionFactory(referral=closed_case, owner=Owner.COUNSELLOR, due_date=DAY)
    sweep_on(DAY + days(1))
    assert reminders(Kind.FIRST_LINE_ACTION_OVERDUE, action) == [
        (world.colleague.pk, "2026-03-10")]


def test_partner_owned_overdue_action_reminds_the_case_worker(world, sweep_on):
    action = PlanActionFactory(referral=_case(world), owner=Owner.PARTNER,
                               partner="youth_doctor", due_date=DAY)
    sweep_on(DAY + days(1))
    assert reminders(Kind.PLAN_ACTION_OVERDUE, action) == [(world.lec_worker.pk, "2026-03-10")]


def test_done_action_and_closed_case_are_not_reminded(world, sweep_on):
    done = PlanActionFactory(referral=_case(world), due_date=DAY, status=ActionStatus.DONE)
    closed_case = _case(world, status=Status.CLOSED, outcome="back_in_programme")
    in_closed = PlanActionFactory(referral=closed_case, due_date=DAY)
    sweep_on(DAY + days(5))
    assert reminders(Kind.PLAN_ACTION_OVERDUE, done) == []
    assert reminders(Kind.PLAN_ACTION_OVERDUE, in_closed) == []


def test_plan_action_reminder_carries_no_case_content(world, sweep_on):
    action = PlanActionFactory(referral=_case(world), due_date=DAY,
                               description="Afspraak bij de verslavingszorg")
    sweep_on(DAY + days(1))
    notification = world.lec_worker.notifications.get(kind=Kind.PLAN_ACTION_OVERDUE,
                                                      object_id=action.pk)
    assert notification.subject == f"#{action.referral_id}"
    assert notification.link == f"/lec/{action.referral_id}/"


# --- triage ----------------------------------------------------------------------------------

MONDAY = datetime.date(2026, 3, 2)


def test_unclaimed_referral_goes_to_the_colleges_lec_after_five_working_days(world, sweep_on):
    referral = _case(world, status=Status.SUBMITTED, assigned_to=None, referred_at=at(MONDAY, 10))
    # Monday + 5 working days is the next Monday: still within the limit.
    sweep_on(MONDAY + days(7))
    assert reminders(Kind.REFERRAL_TRIAGE_OVERDUE, referral) == []

    sweep_on(MONDAY + days(8))
    sweep_on(MONDAY + days(8))
    sweep_on(MONDAY + days(9))
    lec_staff = sorted([world.lec_worker.pk, world.lec_worker2.pk, world.lec_lead.pk])
    assert reminders(Kind.REFERRAL_TRIAGE_OVERDUE, referral) == [
        (pk, "2026-03-02") for pk in lec_staff
    ]
    notification = world.lec_lead.notifications.get(object_id=referral.pk)
    assert notification.subject == f"#{referral.pk}"


def test_claimed_referral_in_triage_reminds_only_its_claimer(world, sweep_on):
    referral = _case(world, status=Status.TRIAGE, assigned_to=world.lec_worker2,
                     referred_at=at(MONDAY, 10))
    sweep_on(MONDAY + days(8))
    assert reminders(Kind.REFERRAL_TRIAGE_OVERDUE, referral) == [(world.lec_worker2.pk, "2026-03-02")]


def test_triaged_referral_is_not_reminded(world, sweep_on):
    referral = _case(world, status=Status.DIAGNOSIS, referred_at=at(MONDAY, 10))
    sweep_on(MONDAY + days(14))
    assert reminders(Kind.REFERRAL_TRIAGE_OVERDUE, referral) == []


# --- feedback to the first line ----------------------------------------------------------------


def test_case_without_feedback_for_20_days_reminds_the_case_worker_once(world, sweep_on):
    referral = _case(world, decided_at=at(DAY, 9))
    sweep_on(DAY + days(20))
    assert reminders(Kind.REFERRAL_FEEDBACK_OVERDUE, referral) == []

    sweep_on(DAY + days(21))
    sweep_on(DAY + days(21))
    sweep_on(DAY + days(25))
    assert reminders(Kind.REFERRAL_FEEDBACK_OVERDUE, referral) == [(world.lec_worker.pk, "2026-03-10")]


def test_new_feedback_starts_a_new_silent_period(world, sweep_on):
    referral = _case(world, decided_at=at(DAY, 9))
    sweep_on(DAY + days(21))
    referral.last_feedback_at = at(DAY + days(22), 12)
    referral.save(update_fields=["last_feedback_at"])
    sweep_on(DAY + days(42))
    assert len(reminders(Kind.REFERRAL_FEEDBACK_OVERDUE, referral)) == 1
    sweep_on(DAY + days(43))
    assert reminders(Kind.REFERRAL_FEEDBACK_OVERDUE, referral) == [
        (world.lec_worker.pk, "2026-03-10"), (world.lec_worker.pk, "2026-04-01"),
    ]
