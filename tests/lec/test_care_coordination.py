"""Issue 16: the care coordinator's triage view and advice, and the consultation a counsellor
asks them for before referring — a real request with a notification and an answer."""

import pytest
from django.core.exceptions import ValidationError

from lec import services
from lec.models import Consultation, TriageAdvice
from lob.notifications.models import Kind, Notification

from .world import CANARY

pytestmark = pytest.mark.django_db


def test_the_coordinator_sees_the_triage_of_their_teams_only(world, login):
    client = login(world.care_coordinator)
    rows = client.get("/lec/coordinator/").context["rows"]
    assert world.new_referral in rows  # their team, waiting for triage
    assert world.triage_referral in rows  # claimed, not decided yet
    assert world.other_case not in rows and world.foreign_referral not in rows
    assert world.referral not in rows  # decided: its course is on the student page


def test_the_coordinator_never_sees_the_reason_or_the_case_file(world, login):
    client = login(world.care_coordinator)
    for path in ("/lec/coordinator/", f"/lec/coordinator/{world.new_referral.pk}/",
                 f"/lec/coordinator/{world.referral.pk}/"):
        body = client.get(path).content.decode()
        assert CANARY not in body, path
    # And the LEC's own pages stay closed to them.
    assert client.get(f"/lec/{world.new_referral.pk}/").status_code == 404


def test_the_coordinators_advice_reaches_the_lecs_triage(world, login):
    client = login(world.care_coordinator)
    response = client.post(f"/lec/coordinator/{world.new_referral.pk}/",
                           {"recommendation": "in_team", "text": "Mentor kan dit oppakken."})
    assert response.status_code == 302
    advice = TriageAdvice.objects.get()
    assert (advice.author, advice.recommendation) == (world.care_coordinator, "in_team")
    html = login(world.lec_worker2).get(f"/lec/{world.new_referral.pk}/").content.decode()
    assert 'data-testid="triage-advice"' in html and "Mentor kan dit oppakken." in html
    assert 'data-testid="coordinator-row"' in login(world.care_coordinator).get(
        "/lec/coordinator/").content.decode()


def test_advice_needs_a_text_and_a_recommendation(world, login):
    response = login(world.care_coordinator).post(
        f"/lec/coordinator/{world.new_referral.pk}/", {"recommendation": "", "text": " "})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"recommendation", "text"}
    assert not TriageAdvice.objects.exists()


def test_no_advice_once_the_lec_decided(world):
    with pytest.raises(ValidationError):
        services.triage_advice_add(referral_id=world.referral.pk, user=world.care_coordinator,
                                   recommendation="take_on", text="Te laat.")


def test_a_counsellor_asks_the_coordinator_and_gets_an_answer(world, login):
    counsellor = login(world.counsellor)
    assert 'data-testid="consult-link"' in counsellor.get(
        f"/lec/refer/{world.unreferred_student.pk}/").content.decode()
    response = counsellor.post(f"/lec/consult/{world.unreferred_student.pk}/",
                               {"coordinator": world.care_coordinator.pk,
                                "question": "Zij verzuimt veel; verwijzen of eerst de mentor?"})
    assert response.status_code == 302
    consultation = Consultation.objects.get(student=world.unreferred_student)
    assert response["Location"] == f"/lec/consultations/{consultation.pk}/"
    # The coordinator is told, in-app (and so in the digest).
    [asked] = Notification.objects.filter(kind=Kind.CONSULTATION_ASKED)
    assert asked.recipient == world.care_coordinator
    assert asked.link == f"/lec/consultations/{consultation.pk}/"
    coordinator = login(world.care_coordinator)
    assert consultation in coordinator.get("/lec/coordinator/").context["waiting"]
    response = coordinator.post(asked.link, {"answer": "Eerst de mentor, over twee weken "
                                                       "samen kijken.",
                                             "version": consultation.version})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.is_answered and consultation.answered_by == world.care_coordinator
    [answered] = Notification.objects.filter(kind=Kind.CONSULTATION_ANSWERED)
    assert answered.recipient == world.counsellor
    page = login(world.counsellor).get(answered.link).content.decode()
    assert "Eerst de mentor" in page


def test_a_consultation_is_for_the_asker_and_the_teams_coordinators_only(world, login):
    path = f"/lec/consultations/{world.consultation.pk}/"
    assert login(world.colleague).get(path).status_code == 404
    assert login(world.outsider).get(path).status_code == 404
    assert login(world.counsellor).get(path).status_code == 200


def test_a_second_answer_is_refused(world):
    c = world.consultation
    services.consultation_answer(consultation_id=c.pk, user=world.care_coordinator,
                                 answer="Ja.", expected_version=c.version)
    with pytest.raises(ValidationError):
        services.consultation_answer(consultation_id=c.pk, user=world.care_coordinator,
                                     answer="Nee.", expected_version=c.version)
    c.refresh_from_db()
    assert c.answer == "Ja."


def test_the_question_goes_to_a_coordinator_of_the_students_team(world, login):
    response = login(world.counsellor).post(
        f"/lec/consult/{world.unreferred_student.pk}/",
        {"coordinator": world.manager.pk, "question": "Verwijzen?"})
    assert response.status_code == 400
    assert "coordinator" in response.context["form"].errors
    assert not Consultation.objects.filter(student=world.unreferred_student).exists()


def test_the_lecs_queue_marks_referrals_with_advice(world, login):
    services.triage_advice_add(referral_id=world.new_referral.pk, user=world.care_coordinator,
                               recommendation="urgent", text="Thuis escaleert.")
    html = login(world.lec_worker2).get("/lec/").content.decode()
    row = html[html.index(f'id="referral-{world.new_referral.pk}"'):]
    assert 'data-testid="queue-advice"' in row[:row.index("</tr>")]
    other = html[html.index(f'id="referral-{world.triage_referral.pk}"'):]
    assert 'data-testid="queue-advice"' not in other[:other.index("</tr>")]


def test_the_coordinator_page_queries_do_not_grow_with_its_rows(world, login,
                                                               django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.lec import ReferralFactory
    from tests.factories.students import StudentFactory

    client = login(world.care_coordinator)
    client.get("/lec/coordinator/")
    with CaptureQueriesContext(connection) as small:
        client.get("/lec/coordinator/")
    for _ in range(20):
        referral = ReferralFactory(student=StudentFactory(programme=world.programme),
                                   referred_by=world.colleague)
        services.triage_advice_add(referral_id=referral.pk, user=world.care_coordinator,
                                   recommendation="take_on", text="Bekend in het team.")
        services.consultation_ask(user=world.colleague, student=referral.student,
                                  coordinator=world.care_coordinator, question="Verwijzen?")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/lec/coordinator/")
    assert len(response.context["rows"]) > 20 and len(response.context["waiting"]) >= 20


def test_the_follow_ups_page_queries_do_not_grow_with_lec_actions(world, login,
                                                                 django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lec.models import Owner
    from tests.factories.lec import PlanActionFactory

    client = login(world.counsellor)
    PlanActionFactory(referral=world.referral, owner=Owner.COUNSELLOR)
    client.get("/students/follow-ups/")
    with CaptureQueriesContext(connection) as small:
        client.get("/students/follow-ups/")
    for _ in range(25):
        PlanActionFactory(referral=world.referral, owner=Owner.COUNSELLOR)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get("/students/follow-ups/").content.decode()
    assert html.count('data-testid="lec-action"') == 27  # and the world's handed_case action
