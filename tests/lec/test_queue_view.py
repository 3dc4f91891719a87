import datetime

from django.utils import timezone
from django.utils.html import escape

from lec.models import Referral, Status
from tests.factories.lec import ReferralFactory
from tests.factories.students import StudentFactory

WED = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC)


def _refer(world, days_ago, urgency="normal", college=None):
    student = StudentFactory(programme=world.programme)
    return ReferralFactory(student=student, referred_by=world.counsellor, urgency=urgency,
                           referred_at=timezone.now() - datetime.timedelta(days=days_ago))


def test_queue_lists_new_referrals_oldest_first_with_age_in_working_days(world, login,
                                                                        time_machine):
    time_machine.move_to(WED)
    Referral.objects.filter(status=Status.SUBMITTED).delete()
    Referral.objects.filter(status=Status.TRIAGE).delete()
    recent = _refer(world, 1)
    old = _refer(world, 9, urgency="crisis")  # Monday two weeks back: 7 working days
    response = login(world.lec_worker).get("/lec/")
    rows = response.context["rows"]
    assert [r.pk for r in rows] == [old.pk, recent.pk]
    assert [r.working_days_waiting for r in rows] == [7, 1]
    assert [r.waits_too_long for r in rows] == [True, False]  # threshold: 5 working days
    html = response.content.decode()
    assert 'data-testid="queue-overdue"' in html
    assert old.get_eligibility_display() in html


def test_queue_shows_claimed_referrals_until_they_are_decided_but_not_others(world, login):
    rows = login(world.lec_worker).get("/lec/").context["rows"]
    shown = {r.pk for r in rows}
    assert world.new_referral.pk in shown and world.triage_referral.pk in shown
    assert world.referral.pk not in shown and world.foreign_referral.pk not in shown


def test_queue_query_count_is_the_same_for_1_and_50_referrals(world, login, page_queries):
    Referral.objects.filter(status=Status.TRIAGE).delete()
    client = login(world.lec_worker)
    client.get("/lec/")  # warm the session
    small, small_lec, response = page_queries(client, "/lec/")
    assert len(response.context["rows"]) == 1
    for i in range(49):
        _refer(world, i % 12)
    large, large_lec, response = page_queries(client, "/lec/")
    assert len(response.context["rows"]) == 50
    # One query for the whole queue: referrals with student, programme, team, referrer, worker.
    assert small_lec == large_lec == 1
    # Everything else (session, user, roles, session save) does not grow with the data.
    assert small == large


def test_claim_from_the_queue_makes_me_the_case_worker(world, login):
    response = login(world.lec_worker).post(f"/lec/{world.new_referral.pk}/claim/")
    assert response.status_code == 302
    assert response["Location"] == f"/lec/{world.new_referral.pk}/"
    world.new_referral.refresh_from_db()
    assert (world.new_referral.status, world.new_referral.assigned_to) == ("triage",
                                                                            world.lec_worker)


def test_claim_with_htmx_swaps_the_row(world, login):
    response = login(world.lec_worker).post(f"/lec/{world.new_referral.pk}/claim/",
                                            HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<tr id="referral-{world.new_referral.pk}"')
    assert escape(world.lec_worker.get_full_name()) in html


def test_claiming_a_referral_someone_else_claimed_tells_me_who(world, login):
    login(world.lec_lead).post(f"/lec/{world.new_referral.pk}/claim/")
    response = login(world.lec_worker).post(f"/lec/{world.new_referral.pk}/claim/",
                                            HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert escape(world.lec_lead.get_full_name()) in response.content.decode()
    world.new_referral.refresh_from_db()
    assert world.new_referral.assigned_to == world.lec_lead
    response = login(world.lec_worker).post(f"/lec/{world.new_referral.pk}/claim/", follow=True)
    assert escape(world.lec_lead.get_full_name()) in response.content.decode()


def test_claim_is_post_only(world, login):
    assert login(world.lec_worker).get(f"/lec/{world.new_referral.pk}/claim/").status_code == 405


def test_queue_rows_speak_dutch_by_default_and_english_when_asked(world, login, time_machine):
    time_machine.move_to(WED)
    Referral.objects.filter(status__in=[Status.SUBMITTED, Status.TRIAGE]).delete()
    _refer(world, 9)
    client = login(world.lec_worker)
    dutch = client.get("/lec/").content.decode()
    assert "7 werkdagen" in dutch and 'data-label="Verwezen"' in dutch and "Oppakken" in dutch
    assert "jaar" in dutch and "working day" not in dutch
    client.cookies["django_language"] = "en"
    english = client.get("/lec/").content.decode()
    assert "7 working days" in english and 'data-label="Referred"' in english and ">Claim<" in english


def test_a_claimed_row_comes_back_alone_with_its_claimer_and_a_way_in(world, login):
    referral = _refer(world, 1)
    response = login(world.lec_worker).post(f"/lec/{referral.pk}/claim/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="queue-row"') == 1
    assert f"Opgepakt door {escape(world.lec_worker.get_full_name())}" in html
    assert f'href="/lec/{referral.pk}/"' in html and "<form" not in html
