"""Issue 16, the loop between the first line and the LEC: actions the plan gives the first
line, the first line's list of referrals, notifications of the LEC's feedback, the lead's
direct assignment with its history, closing with open actions, and the access-log review."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from lec import selectors, services
from lec.models import (
    AccessLog,
    ActionStatus,
    CaseAssignment,
    Owner,
    PlanAction,
    Referral,
    Status,
    closing_decision_field,
)
from lob.notifications.models import Kind, Notification
from tests.factories.lec import PlanActionFactory, ReferralFactory
from tests.factories.students import AssignmentFactory, StudentFactory

from .conftest import assert_refused, snapshot
from .world import CANARY

pytestmark = pytest.mark.django_db


# --- plan actions given to the first line -----------------------------------------------------


def test_an_action_for_the_first_line_is_among_the_counsellors_follow_ups(world, login):
    # Sanne's counsellor owns the actions the plan gives "the career counsellor".
    action = PlanActionFactory(referral=world.referral, owner=Owner.COUNSELLOR,
                               description="Met Sanne het rooster doornemen",
                               due_date=timezone.localdate() + datetime.timedelta(days=9))
    html = login(world.counsellor).get("/students/follow-ups/").content.decode()
    assert "Met Sanne het rooster doornemen" in html
    assert action.due_date.strftime("%Y") in html
    # Only that: not the student's own action (the world's CANARY action), nothing else.
    assert CANARY not in html
    # Somebody else's caseload: not in their follow-ups.
    assert "Met Sanne het rooster" not in login(world.outsider).get(
        "/students/follow-ups/").content.decode()


def test_the_action_is_on_the_student_page_for_the_first_line_only(world, login):
    PlanActionFactory(referral=world.referral, owner=Owner.COUNSELLOR,
                      description="Contact met thuis opnemen")
    for persona in ("counsellor", "colleague", "care_coordinator"):
        html = login(getattr(world, persona)).get(f"/students/{world.student.pk}/")
        assert "Contact met thuis opnemen" in html.content.decode(), persona
    for persona in ("manager", "director"):
        html = login(getattr(world, persona)).get(f"/students/{world.student.pk}/")
        assert "Contact met thuis opnemen" not in html.content.decode(), persona


def test_the_counsellor_marks_it_done_and_the_lec_sees_it_on_the_case(world, login):
    action = PlanActionFactory(referral=world.referral, owner=Owner.COUNSELLOR,
                               description="Mentor belt ouders")
    client = login(world.counsellor)
    response = client.post(f"/lec/first-line-actions/{action.pk}/done/",
                           {"version": action.version, "note": "Gebeld, afspraak staat.",
                            "next": "/students/follow-ups/"})
    assert response.status_code == 302 and response["Location"] == "/students/follow-ups/"
    action.refresh_from_db()
    assert (action.status, action.completed_by, action.outcome) == (
        ActionStatus.DONE, world.counsellor, "Gebeld, afspraak staat.")
    assert "Mentor belt ouders" not in client.get("/students/follow-ups/").content.decode()
    case = login(world.lec_worker).get(f"/lec/{world.referral.pk}/").content.decode()
    done = case[case.index("Mentor belt ouders"):]
    assert world.counsellor.get_full_name() in done[:done.index("</li>")]


def test_a_stale_done_changes_nothing(world, login):
    action = PlanActionFactory(referral=world.referral, owner=Owner.COUNSELLOR)
    login(world.counsellor).post(f"/lec/first-line-actions/{action.pk}/done/",
                                 {"version": action.version})
    with pytest.raises(ValidationError):
        services.plan_action_first_line_done(action_id=action.pk, user=world.colleague,
                                             expected_version=action.version)
    action.refresh_from_db()
    assert action.completed_by == world.counsellor


def test_without_a_counsellor_the_referrer_gets_the_action(world):
    case = world.handed_case  # its student has no counsellor; the counsellor referred
    assert list(selectors.first_line_actions(world.counsellor)) == [world.first_line_action]
    AssignmentFactory(student=case.student, counsellor=world.colleague)
    assert list(selectors.first_line_actions(world.counsellor)) == []
    assert list(selectors.first_line_actions(world.colleague)) == [world.first_line_action]


# --- the first line's list of referrals ---------------------------------------------------------


def test_all_referrals_page_with_scope_state_and_status(world, login):
    client = login(world.counsellor)
    for _ in range(12):  # more than the home panel's ten
        ReferralFactory(student=StudentFactory(programme=world.programme),
                        referred_by=world.counsellor)
    closed = ReferralFactory(student=StudentFactory(programme=world.programme),
                             referred_by=world.counsellor, status=Status.CLOSED,
                             outcome="work", assigned_to=world.lec_worker,
                             closed_at=timezone.now())
    home = client.get("/").content.decode()
    assert 'href="/lec/referrals/"' in home
    assert home.count('data-testid="referral-status"') <= 10
    mine = client.get("/lec/referrals/").context["page"]
    assert closed not in mine.object_list
    assert world.new_referral not in mine.object_list  # the colleague's referral
    assert mine.paginator.count == Referral.objects.filter(
        referred_by=world.counsellor, status__in=["submitted", "triage", "diagnosis", "plan",
                                                  "in_progress"]).count() + (
        # Sanne, of the counsellor's caseload, was referred by the counsellor too.
        0)
    assert [r.pk for r in client.get("/lec/referrals/?state=closed").context[
        "page"].object_list] == [closed.pk]
    team = client.get("/lec/referrals/?scope=team&state=all").context["page"]
    assert world.new_referral in team.object_list and closed in team.object_list
    assert world.other_case not in team.object_list  # another team's
    submitted = client.get("/lec/referrals/?scope=team&state=all&status=submitted")
    assert {r.status for r in submitted.context["page"].object_list} == {"submitted"}


def test_the_referrals_page_shows_no_case_content(world, login):
    html = login(world.colleague).get("/lec/referrals/?scope=team&state=all").content.decode()
    assert world.new_referral.student.last_name in html
    assert CANARY not in html


def test_the_referrals_page_queries_do_not_grow_with_its_rows(world, login,
                                                              django_assert_max_num_queries):
    client = login(world.counsellor)
    client.get("/lec/referrals/?scope=team&state=all")
    with django_assert_max_num_queries(20) as small:
        client.get("/lec/referrals/?scope=team&state=all")
    for _ in range(30):
        ReferralFactory(student=StudentFactory(programme=world.programme),
                        referred_by=world.colleague, assigned_to=world.lec_worker,
                        status=Status.DIAGNOSIS)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/lec/referrals/?scope=team&state=all")


# --- notifications of the LEC's feedback ----------------------------------------------------------


def _told(kind, **filters):
    return set(Notification.objects.filter(kind=kind, **filters)
               .values_list("recipient_id", flat=True))


def test_a_return_tells_the_referrer_and_the_counsellor(world):
    referral = world.triage_referral  # referred by the care coordinator
    AssignmentFactory(student=referral.student, counsellor=world.colleague)
    services.referral_return(referral_id=referral.pk, user=world.lec_worker,
                             feedback="Past beter bij de mentor.",
                             expected_version=referral.version)
    assert _told(Kind.REFERRAL_RETURNED) == {world.care_coordinator.pk, world.colleague.pk}
    notification = Notification.objects.filter(kind=Kind.REFERRAL_RETURNED).first()
    assert notification.link == f"/students/{referral.student_id}/"
    assert "Past beter" not in notification.subject  # no content in the subject


def test_feedback_tells_them_and_travels_in_the_digest(world, django_capture_on_commit_callbacks):
    from lob.notifications import services as reminders

    services.feedback_add(referral_id=world.referral.pk, user=world.lec_worker,
                          text="Eerste gesprek gevoerd.")
    assert _told(Kind.LEC_FEEDBACK) == {world.counsellor.pk}
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminders_sweep()
    [message] = [m for m in mail.outbox if m.to == [world.counsellor.email]]
    assert "feedback" in message.body.lower() or "terugkoppeling" in message.body.lower()
    assert f"/students/{world.student.pk}/" in message.body


def test_a_feedback_that_rolls_back_tells_nobody(world):
    before = Notification.objects.count()
    with pytest.raises(ValidationError):
        services.referral_close(referral_id=world.running_case.pk, user=world.lec_worker,
                                outcome="", feedback="Klaar.",
                                expected_version=world.running_case.version)
    with pytest.raises(ValidationError):
        services.feedback_add(referral_id=world.referral.pk, user=world.lec_worker, text=" ")
    assert Notification.objects.count() == before


def test_the_in_app_list_shows_the_notification(world, login):
    services.feedback_add(referral_id=world.referral.pk, user=world.lec_worker,
                          text="Tussenstand.")
    html = login(world.counsellor).get("/notifications/").content.decode()
    assert f'href="/students/{world.student.pk}/"' in html


# --- the lead assigns a new referral; every assignment in the history -----------------------------


def test_the_lead_assigns_a_new_referral_without_claiming_it(world, login):
    referral = world.new_referral
    client = login(world.lec_lead)
    assert 'data-testid="assign-new"' in client.get(f"/lec/{referral.pk}/").content.decode()
    response = client.post(f"/lec/{referral.pk}/assign/",
                           {"worker": world.lec_worker2.pk, "version": referral.version})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.assigned_to) == (Status.TRIAGE, world.lec_worker2)
    assert referral.triaged_at is not None
    [transition] = referral.transitions.all()
    assert (transition.from_status, transition.to_status, transition.by) == (
        Status.SUBMITTED, Status.TRIAGE, world.lec_lead)
    history = client.get(f"/lec/{referral.pk}/").content.decode()
    assert 'data-testid="history-assignment"' in history
    assert world.lec_lead.get_full_name() in history


def test_a_worker_cannot_assign_a_new_referral(world):
    referral = world.new_referral
    with pytest.raises(Exception) as exc:
        services.referral_assign(referral_id=referral.pk, user=world.lec_worker,
                                 worker=world.lec_worker2, expected_version=referral.version)
    assert exc.type.__name__ == "PermissionDenied"
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED


def test_every_reassignment_is_in_the_history(world, login):
    referral = world.referral
    services.referral_assign(referral_id=referral.pk, user=world.lec_lead,
                             worker=world.lec_worker2, expected_version=referral.version)
    referral.refresh_from_db()
    services.referral_assign(referral_id=referral.pk, user=world.lec_lead,
                             worker=world.lec_worker, expected_version=referral.version)
    rows = list(CaseAssignment.objects.filter(referral=referral).values_list(
        "previous_id", "worker_id", "by_id"))
    assert rows == [(world.lec_worker.pk, world.lec_worker2.pk, world.lec_lead.pk),
                    (world.lec_worker2.pk, world.lec_worker.pk, world.lec_lead.pk)]
    html = login(world.lec_lead).get(f"/lec/{referral.pk}/").content.decode()
    assert html.count('data-testid="history-assignment"') == 2


def test_a_claim_is_in_the_history_too(world):
    services.referral_claim(referral_id=world.new_referral.pk, user=world.lec_worker2)
    assert CaseAssignment.objects.filter(referral=world.new_referral,
                                         worker=world.lec_worker2,
                                         by=world.lec_worker2).exists()


# --- closing a case with open plan actions --------------------------------------------------------


def _close_data(referral, **decisions):
    return {"outcome": "back_in_programme", "feedback": "Weer in de klas.",
            "version": referral.version, **decisions}


def test_closing_asks_what_becomes_of_each_open_action(world, login):
    case = world.running_case
    a, b, c = (PlanActionFactory(referral=case, created_by=world.lec_worker) for _ in range(3))
    client = login(world.lec_worker)
    page = client.get(f"/lec/{case.pk}/").content.decode()
    assert 'data-testid="close-open-actions"' in page
    for action in (a, b, c):
        assert f'name="{closing_decision_field(action.pk)}"' in page
    # Not all decided: refused at the undecided one, nothing changes.
    before = snapshot(case)
    response = client.post(f"/lec/{case.pk}/close/", _close_data(
        case, **{closing_decision_field(a.pk): "done"}), follow=True)
    assert_refused(response)
    assert response.context["close_form"].errors[closing_decision_field(b.pk)]
    assert snapshot(case) == before
    assert set(PlanAction.objects.filter(referral=case).values_list("status", flat=True)) == {
        "open"}
    # All decided: applied with the closure.
    response = client.post(f"/lec/{case.pk}/close/", _close_data(case, **{
        closing_decision_field(a.pk): "done", closing_decision_field(b.pk): "cancelled",
        closing_decision_field(c.pk): "first_line"}))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    a, b, c = (PlanAction.objects.get(pk=x.pk) for x in (a, b, c))
    assert (a.status, b.status, c.status) == ("done", "cancelled", "open")
    assert c.owner == Owner.COUNSELLOR and c.handed_over_at is not None
    # The handed-over action is now the first line's (the counsellor referred this case).
    assert c in selectors.first_line_actions(world.counsellor)


def test_a_closing_that_fails_leaves_the_actions_as_they_were(world):
    case = world.running_case
    action = PlanActionFactory(referral=case, created_by=world.lec_worker)
    with pytest.raises(ValidationError):
        services.referral_close(referral_id=case.pk, user=world.lec_worker, outcome="",
                                feedback="Klaar.", expected_version=case.version,
                                action_decisions={action.pk: "done"})
    action.refresh_from_db()
    assert action.status == "open"


# --- PRG after a refused step ---------------------------------------------------------------------


@pytest.mark.parametrize("step", ["advance", "close"])
def test_a_refused_step_redirects_to_the_case_with_its_message(world, login, step):
    referral = world.triage_referral  # neither step is allowed from triage
    client = login(world.lec_worker)
    data = ({"to_status": "in_progress", "version": referral.version} if step == "advance"
            else _close_data(referral))
    response = client.post(f"/lec/{referral.pk}/{step}/", data)
    assert response.status_code == 302 and response["Location"] == f"/lec/{referral.pk}/"
    page = client.get(response["Location"])
    assert [m.level_tag for m in page.context["messages"]] == ["error"]
    # The message was shown once: a reload of the case page is a plain GET without it.
    again = client.get(f"/lec/{referral.pk}/")
    assert list(again.context["messages"]) == []


def test_a_refused_close_keeps_what_was_typed(world, login):
    case = world.running_case
    client = login(world.lec_worker)
    response = client.post(f"/lec/{case.pk}/close/", {
        "outcome": "", "feedback": "Mijn zorgvuldig getypte terugkoppeling.",
        "version": case.version}, follow=True)
    assert_refused(response)
    form = response.context["close_form"]
    assert form.errors["outcome"]
    assert "Mijn zorgvuldig getypte terugkoppeling." in response.content.decode()
    # Shown once: the next GET has an empty form.
    assert client.get(f"/lec/{case.pk}/").context["close_form"].errors == {}


# --- the case list's columns ----------------------------------------------------------------------


def test_the_case_list_says_what_each_date_counts(world, login, settings):
    long_ago = timezone.now() - datetime.timedelta(days=settings.LOB_REFERRAL_FEEDBACK_DAYS + 9)
    case = world.running_case
    Referral.objects.filter(pk=case.pk).update(decided_at=long_ago, last_feedback_at=None,
                                               status_changed_at=timezone.now())
    html = login(world.lec_worker).get("/lec/cases/").content.decode()
    row = html[html.index(case.student.last_name):]
    row = row[:row.index("</tr>")]
    cell = row[row.index('data-testid="case-feedback"'):]
    # The late mark names the day it counts from, beside the status date of today.
    assert timezone.localdate(long_ago).strftime("%Y") in cell
    assert "(" in cell and "badge text-bg-danger" in cell
    assert 'data-testid="cases-legend"' in html


# --- the access log review groups repeated reads --------------------------------------------------


def test_repeated_reads_are_one_line_with_their_count(world, login):
    client = login(world.lec_worker)
    for _ in range(5):
        client.get(f"/lec/{world.referral.pk}/")
    login(world.lec_worker2).get(f"/lec/{world.new_referral.pk}/")
    assert AccessLog.objects.count() == 6  # one row per read stays
    page = login(world.lec_lead).get("/lec/access-log/")
    lines = list(page.context["page"].object_list)
    assert sorted(line["reads"] for line in lines) == [1, 5]
    assert "5 keer gelezen" in page.content.decode() or "5 reads" in page.content.decode()


def test_reads_in_another_hour_are_another_line(world, login):
    start = timezone.now().replace(minute=10) - datetime.timedelta(hours=3)
    for at in (start, start + datetime.timedelta(minutes=20), start + datetime.timedelta(hours=2)):
        AccessLog.objects.create(user=world.lec_worker, referral=world.referral,
                                 action="view_case", at=at)
    lines = list(login(world.lec_lead).get("/lec/access-log/").context["page"].object_list)
    assert [line["reads"] for line in lines] == [1, 2]
