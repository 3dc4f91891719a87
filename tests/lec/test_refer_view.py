import pytest
from django.utils.html import escape

from lec.models import Referral, Source, Status
from tests.factories.students import StudentFactory


def _data(**overrides):
    data = {"reason": "Verzuimt veel, lijkt somber.", "concern_domains": ["attendance", "health"],
            "urgency": "high", "tried": "Twee gesprekken, ouders gebeld.", "student_knows": "on",
            "student_agrees": "on"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_counsellor_refers_a_caseload_student_and_it_lands_in_the_queue(world, login):
    client = login(world.counsellor)
    student = world.unreferred_student
    response = client.post(f"/lec/refer/{student.pk}/", _data(source="external"))
    assert response.status_code == 302
    assert response["Location"] == f"/students/{student.pk}/"
    referral = Referral.objects.get(student=student)
    assert referral.status == Status.SUBMITTED
    assert referral.source == Source.TEAM  # the first line cannot pick another source
    assert referral.referred_by == world.counsellor
    assert referral.team == world.team and referral.college == world.college
    assert referral.concern_domains == ["health", "attendance"]
    assert referral.urgency == "high"
    assert (referral.student_knows, referral.student_agrees) == (True, True)
    queue = login(world.lec_worker).get("/lec/")
    assert escape(student.last_name) in queue.content.decode()


def test_lec_staff_refer_from_the_intake(world, login):
    response = login(world.lec_worker).post(f"/lec/refer/{world.unreferred_student.pk}/",
                                            _data(source="intake"))
    assert response.status_code == 302
    assert Referral.objects.get(student=world.unreferred_student).source == Source.INTAKE


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("reason", {"reason": ""}),
        ("reason", {"reason": "   "}),
        ("tried", {"tried": ""}),
        ("concern_domains", {"concern_domains": None}),
        ("concern_domains", {"concern_domains": ["astrology"]}),
        ("urgency", {"urgency": "whenever"}),
        ("student_agrees", {"student_knows": None}),
    ],
)
def test_bad_referral_input_shows_a_message_at_the_field_and_saves_nothing(world, login, field,
                                                                          overrides):
    response = login(world.counsellor).post(f"/lec/refer/{world.unreferred_student.pk}/",
                                            _data(**overrides))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert 'class="invalid-feedback' in response.content.decode()
    assert not Referral.objects.filter(student=world.unreferred_student).exists()


def test_a_second_open_referral_is_refused_with_a_message(world, login):
    client = login(world.counsellor)
    before = Referral.objects.count()
    response = client.post(f"/lec/refer/{world.student.pk}/", _data())
    assert response.status_code == 400
    assert "open referral" in response.content.decode() or "openstaande" in \
        response.content.decode()
    assert Referral.objects.count() == before
    page = client.get(f"/lec/refer/{world.student.pk}/")
    assert page.status_code == 200
    assert 'data-testid="open-referral"' in page.content.decode()


def test_a_returned_referral_does_not_block_a_new_one(world, login):
    from tests.factories.lec import ReferralFactory

    ReferralFactory(student=world.unreferred_student, referred_by=world.counsellor,
                    status=Status.RETURNED)
    response = login(world.counsellor).post(f"/lec/refer/{world.unreferred_student.pk}/",
                                            _data())
    assert response.status_code == 302
    assert Referral.objects.filter(student=world.unreferred_student).count() == 2


@pytest.mark.parametrize("persona", ["outsider", "foreign"])
def test_referral_for_a_student_outside_my_visibility_is_404_and_saves_nothing(world, login,
                                                                             persona):
    response = login(getattr(world, persona)).post(f"/lec/refer/{world.unreferred_student.pk}/",
                                                   _data())
    assert response.status_code == 404
    assert not Referral.objects.filter(student=world.unreferred_student).exists()


def test_a_manager_sees_the_student_but_may_not_refer(world, login):
    response = login(world.manager).post(f"/lec/refer/{world.unreferred_student.pk}/", _data())
    assert response.status_code == 403
    assert not Referral.objects.filter(student=world.unreferred_student).exists()


def test_the_student_page_offers_the_referral_button_only_to_referrers(world, login):
    student = StudentFactory(programme=world.programme)
    url = f"/lec/refer/{student.pk}/"
    assert url in login(world.counsellor).get(f"/students/{student.pk}/").content.decode()
    assert url in login(world.care_coordinator).get(f"/students/{student.pk}/").content.decode()
    assert url not in login(world.manager).get(f"/students/{student.pk}/").content.decode()
    # With an open referral there is nothing to refer again.
    assert "/lec/refer/" not in login(world.counsellor).get(
        f"/students/{world.student.pk}/").content.decode()
