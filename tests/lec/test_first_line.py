"""The loop back: what the first line sees of a referral (status, dates, feedback for them)."""

import datetime

from django.utils import timezone

from lec import services
from lec.selectors import first_line_referrals, referral_status_for
from lec.timeline import entries_for, student_actions
from tests.factories.lec import FeedbackFactory, ReferralFactory
from tests.factories.students import AssignmentFactory, StudentFactory


def test_the_referring_counsellor_sees_status_dates_and_feedback(world):
    [status] = referral_status_for(world.student, world.counsellor)
    assert status.status == "plan"
    assert status.referred_at == world.referral.referred_at
    assert [f.text for f in status.first_line_feedback] == ["Sanne is in begeleiding bij het LEC."]


def test_the_care_coordinator_of_the_team_reads_the_feedback(world):
    [status] = referral_status_for(world.student, world.care_coordinator)
    assert status.first_line_feedback


def test_managers_and_directors_see_status_and_dates_but_not_the_feedback(world):
    for user in (world.manager, world.director):
        [status] = referral_status_for(world.student, user)
        assert status.first_line_feedback == []


def test_someone_who_does_not_see_the_student_sees_no_referral(world):
    assert referral_status_for(world.student, world.outsider) == []
    assert referral_status_for(world.student, world.foreign) == []
    assert referral_status_for(world.student, world.hr) == []


def test_timeline_has_the_referral_and_each_feedback_as_entries(world):
    FeedbackFactory(referral=world.referral, kind="closure", text="Terug in de opleiding.")
    entries = entries_for(world.student, world.counsellor)
    kinds = sorted(e.kind for e in entries)
    assert kinds == ["referral", "referral_feedback", "referral_feedback"]
    texts = {e.context["feedback"].text for e in entries if e.kind == "referral_feedback"}
    assert "Terug in de opleiding." in texts


def test_closure_feedback_reaches_the_student_page_and_the_home_page(world, login):
    case = world.running_case
    services.referral_close(referral_id=case.pk, user=world.lec_worker, outcome="work",
                            feedback="Heeft werk gevonden in de thuiszorg.",
                            expected_version=case.version)
    client = login(world.counsellor)
    home = client.get("/").content.decode()
    assert "Heeft werk gevonden in de thuiszorg." in home
    assert 'data-testid="referral-panel"' in home
    entries = entries_for(case.student, world.counsellor)
    assert any(e.context["feedback"].text == "Heeft werk gevonden in de thuiszorg."
               for e in entries if e.kind == "referral_feedback")


def test_the_home_panel_does_not_show_other_teams_referrals(world, login):
    html = login(world.outsider).get("/").content.decode()
    assert world.student.last_name not in html


def test_student_actions_offer_the_case_to_lec_staff_who_may_open_it(world):
    [action] = student_actions(world.student, world.lec_worker)
    assert action.url == f"/lec/{world.referral.pk}/"
    assert student_actions(world.other_team_student, world.lec_worker) == []  # not their case
    assert student_actions(world.student, world.counsellor) == []  # already referred
    assert student_actions(world.unreferred_student, world.manager) == []
    [refer, consult] = student_actions(world.unreferred_student, world.counsellor)
    assert refer.url == f"/lec/refer/{world.unreferred_student.pk}/"
    assert consult.url == f"/lec/consult/{world.unreferred_student.pk}/"


def test_the_student_page_tells_the_referrals_course_in_dutch(world, login):
    case = world.running_case
    services.referral_close(referral_id=case.pk, user=world.lec_worker, outcome="work",
                            feedback="Heeft werk gevonden.", expected_version=case.version)
    html = login(world.counsellor).get(f"/students/{case.student.pk}/").content.decode()
    entry = html[html.index('data-testid="timeline-referral"'):]
    entry = entry[:entry.index("</div>")]
    assert 'class="badge text-bg-success" data-testid="referral-status">Afgesloten<' in entry
    assert f"door {case.referred_by.get_full_name()}." in entry and "Verwezen op " in entry
    assert "Afgesloten " in entry and "Casemanager: " in entry


def test_a_student_read_for_one_user_tells_nothing_to_another(world):
    """student_for_user remembers its answer for that user only."""
    from students.selectors import can_read_first_line, is_visible_to, student_for_user

    student = student_for_user(world.counsellor, world.student.pk)
    assert is_visible_to(world.counsellor, student) and can_read_first_line(world.counsellor, student)
    assert not is_visible_to(world.outsider, student)
    assert referral_status_for(student, world.outsider) == []
    director_copy = student_for_user(world.director, world.student.pk)
    assert is_visible_to(world.director, director_copy)
    assert not can_read_first_line(world.director, director_copy)


def test_each_referral_carries_its_own_feedback_newest_referral_first(world):
    import datetime

    from django.utils import timezone

    from tests.factories.lec import ReferralFactory

    earlier = ReferralFactory(student=world.student, referred_by=world.counsellor,
                              status="closed", outcome="work", closed_at=timezone.now(),
                              assigned_to=world.lec_worker,
                              referred_at=timezone.now() - datetime.timedelta(days=400))
    FeedbackFactory(referral=earlier, kind="closure", text="Vorig jaar afgerond.")
    statuses = referral_status_for(world.student, world.counsellor)
    assert [s.pk for s in statuses] == [world.referral.pk, earlier.pk]
    assert [f.text for f in statuses[1].first_line_feedback] == ["Vorig jaar afgerond."]
    assert "Vorig jaar afgerond." not in [f.text for f in statuses[0].first_line_feedback]
    assert statuses[1].get_status_display() == "Afgesloten" and statuses[1].get_outcome_display()
    assert statuses[1].referred_by == world.counsellor


def test_home_referrals_are_those_of_the_users_teams_and_caseload(world):
    """first_line_referrals: students of the teams they work in (first-line roles) and of their
    current caseload, in their own college; shared with the first line; open, or with feedback
    or a decision in the last six weeks."""
    old = timezone.now() - datetime.timedelta(days=200)
    caseload_student = StudentFactory(programme=world.other_team_student.programme)
    AssignmentFactory(student=caseload_student, counsellor=world.counsellor)
    caseload_case = ReferralFactory(student=caseload_student, referred_by=world.outsider)
    hidden_request = ReferralFactory(student=StudentFactory(programme=world.programme),
                                     referred_by=world.colleague, shared_with_first_line=False)
    long_closed = ReferralFactory(student=StudentFactory(programme=world.programme),
                                  referred_by=world.colleague, status="closed", referred_at=old,
                                  assigned_to=world.lec_worker,
                                  closed_at=old, outcome="work")
    shown = {r.pk for r in first_line_referrals(world.counsellor, limit=100)}
    assert caseload_case.pk in shown  # their caseload, in another team
    assert world.other_case.pk not in shown  # another team's student, not theirs
    assert {world.referral.pk, world.new_referral.pk, world.running_case.pk} <= shown
    assert world.foreign_referral.pk not in shown
    assert hidden_request.pk not in shown
    assert long_closed.pk not in shown
    assert caseload_case.pk not in {r.pk for r in first_line_referrals(world.colleague,
                                                                       limit=100)}
