"""What a student sees and does in the portal: only their own, and of it only what was shared
with them."""

import json

import pytest

from lec.models import Referral, Source
from lec.selectors import first_line_referrals, referral_status_for, triage_queue
from students.models import FollowUp, FollowUpChange, FollowUpStatus, StudentStatus
from tests.lec.world import CANARY
from tests.portal.world import (
    INTERNAL_CANARY,
    SHARED_AGREEMENTS,
    SHARED_SUMMARY,
    STUDENT_ONLY_AGREEMENTS,
    STUDENT_PLAN_ACTION,
    add_actiepunten,
)


@pytest.fixture
def world(world_once_per_module):
    add_actiepunten(world_once_per_module)
    return world_once_per_module


def test_the_student_sees_the_shared_part_and_never_the_internal_one(world, login):
    html = login(world.student_account).get("/portal/").content.decode()
    assert SHARED_SUMMARY in html and SHARED_AGREEMENTS in html
    assert STUDENT_ONLY_AGREEMENTS in html
    assert INTERNAL_CANARY not in html
    assert "Les over je talenten." in html


def test_in_a_group_session_the_student_never_sees_who_else_took_part(world, login):
    html = login(world.student_account).get("/portal/").content.decode()
    assert "Les over je talenten." in html
    assert world.team_student.first_name not in html
    assert world.team_student.last_name not in html


def test_the_student_sees_their_actiepunten_and_no_one_elses(world, login):
    html = login(world.student_account).get("/portal/").content.decode()
    assert "Open dag bezoeken" in html
    assert world.team_session_actiepunt.description not in html
    assert world.foreign_actiepunt.description not in html
    # A follow-up the counsellor owns (not the student's) is not an actiepunt.
    assert world.follow_up.description not in html


def test_the_student_ticks_off_an_actiepunt_and_the_counsellor_sees_the_note(world, login):
    client = login(world.student_account)
    response = client.post(f"/portal/actiepunten/{world.actiepunt.pk}/done/",
                           {"note": "Was heel leuk!", "version": world.actiepunt.version})
    assert response.status_code == 302
    actiepunt = FollowUp.objects.get(pk=world.actiepunt.pk)
    assert actiepunt.status == FollowUpStatus.DONE and actiepunt.closing_note == "Was heel leuk!"
    change = actiepunt.changes.get(action=FollowUpChange.Action.DONE)
    assert change.changed_by == world.student_account
    html = login(world.counsellor).get(f"/students/sessions/{world.session.pk}/").content.decode()
    assert "Was heel leuk!" in html


def test_a_second_tick_off_from_an_old_page_changes_nothing(world, login):
    client = login(world.student_account)
    url = f"/portal/actiepunten/{world.actiepunt.pk}/done/"
    client.post(url, {"note": "eerste", "version": world.actiepunt.version})
    response = client.post(url, {"note": "tweede", "version": world.actiepunt.version},
                           follow=True)
    assert FollowUp.objects.get(pk=world.actiepunt.pk).closing_note == "eerste"
    assert "Nothing was saved" in response.content.decode() or \
        "Er is niets opgeslagen" in response.content.decode()


def test_a_too_long_note_is_refused_and_nothing_changes(world, login):
    client = login(world.student_account)
    response = client.post(f"/portal/actiepunten/{world.actiepunt.pk}/done/",
                           {"note": "x" * 301}, follow=True)
    assert response.status_code == 200
    assert FollowUp.objects.get(pk=world.actiepunt.pk).status == FollowUpStatus.OPEN
    assert list(response.context["messages"])


def test_the_student_sees_their_lec_actions_and_referral_status_but_no_case_content(world,
                                                                                    login):
    html = login(world.student_account).get("/portal/").content.decode()
    assert STUDENT_PLAN_ACTION in html
    assert 'data-testid="portal-referral"' in html
    assert CANARY not in html
    assert world.referral.reason not in html


def test_a_student_who_left_has_no_portal(world, login):
    client = login(world.student_account)
    world.student.status = StudentStatus.GRADUATED
    world.student.end_date = max(world.student.start_date, world.student.start_date)
    world.student.save()
    assert client.get("/portal/").status_code == 404


# --- the confidential way to the LEC -------------------------------------------------------


@pytest.fixture
def free_student(world):
    """Sanne without her open referral (a student can ask only when none is open)."""
    Referral.objects.filter(student=world.student).update(status="closed", outcome="work")
    return world.student


def test_asking_the_lec_lands_in_the_triage_queue_and_not_with_the_counsellor(world, login,
                                                                               free_student):
    client = login(world.student_account)
    page = client.get("/portal/lec/").content.decode()
    assert "112" in page  # the what-happens-next text with the emergency numbers
    response = client.post("/portal/lec/", {"message": "Thuis gaat het niet goed."})
    assert response.status_code == 200 and b'data-testid="lec-sent"' in response.content
    referral = Referral.objects.get(student=world.student, source=Source.SELF,
                                    status="submitted")
    assert referral.referred_by == world.student_account
    assert not referral.shared_with_first_line
    assert referral in triage_queue(world.lec_worker)
    # The first line learns nothing of it: not on the student page, not on the home panel.
    assert referral.pk not in [r.pk for r in referral_status_for(world.student, world.counsellor)]
    assert referral.pk not in [r.pk for r in first_line_referrals(world.counsellor)]
    html = login(world.counsellor).get(f"/students/{world.student.pk}/").content.decode()
    assert "Thuis gaat het niet goed." not in html
    # The LEC sees it.
    html = login(world.lec_worker).get(f"/lec/{referral.pk}/").content.decode()
    assert "Thuis gaat het niet goed." in html
    assert 'data-testid="not-shared-with-first-line"' in html


def test_a_student_may_let_the_counsellor_know(world, login, free_student):
    client = login(world.student_account)
    client.post("/portal/lec/", {"message": "", "share_with_counsellor": "on"})
    referral = Referral.objects.get(student=world.student, source=Source.SELF)
    assert referral.shared_with_first_line
    assert referral.pk in [r.pk for r in referral_status_for(world.student, world.counsellor)]


def test_with_an_open_referral_the_student_is_told_so_and_nothing_is_made(world, login):
    before = Referral.objects.count()
    response = login(world.student_account).post("/portal/lec/", {"message": "hoi"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Referral.objects.count() == before


def test_a_too_long_message_is_refused_with_a_message(world, login, free_student):
    before = Referral.objects.count()
    response = login(world.student_account).post("/portal/lec/", {"message": "x" * 1001})
    assert response.context["form"].errors["message"]
    assert Referral.objects.count() == before


# --- the student's own data ----------------------------------------------------------------


def test_the_student_downloads_their_own_data(world, login):
    response = login(world.student_account).get("/portal/my-data/")
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["student"]["student_number"] == world.student.student_number
    assert SHARED_AGREEMENTS in [s["agreements_with_you"] for s in data["sessions"]]
    assert "Open dag bezoeken" in [a["description"] for a in data["actiepunten"]]
    assert STUDENT_PLAN_ACTION in [a["description"] for a in data["lec_actions"]]
    assert data["parents_and_guardians"][0]["name"] == "Petra de Vries"
    raw = response.content.decode()
    assert INTERNAL_CANARY not in raw and CANARY not in raw
    assert world.team_student.last_name not in raw


def test_the_portal_home_page_has_a_bounded_number_of_queries(world, login,
                                                              django_assert_max_num_queries):
    client = login(world.student_account)
    client.get("/portal/")
    with django_assert_max_num_queries(20):
        client.get("/portal/")
