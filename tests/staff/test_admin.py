"""The Django admin: LOB standards' criteria are edited there by the admin role; frameworks and
team plans are shown read-only; review cycles and 360 feedback are not there at all."""

import pytest

from staff.models import Criterion
from tests.privacy.twofactor import log_in

pytestmark = pytest.mark.django_db


def test_the_admin_edits_the_criteria_of_a_standard(client, world):
    log_in(client, world.admin)
    url = f"/admin/staff/standard/{world.standard.pk}/change/"
    assert client.get(url).status_code == 200
    data = {
        "college": world.college.pk, "code": "intake", "name": "Intake", "description": "",
        "order": 1,
        "criteria-TOTAL_FORMS": 2, "criteria-INITIAL_FORMS": 1, "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
        "criteria-0-id": world.criterion.pk, "criteria-0-standard": world.standard.pk,
        "criteria-0-order": 1, "criteria-0-text": "Intake binnen vier weken",
        "criteria-0-is_active": "on",
        "criteria-1-id": "", "criteria-1-standard": world.standard.pk, "criteria-1-order": 2,
        "criteria-1-text": "Intake met ouders bij minderjarigen", "criteria-1-is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/admin/staff/standard/", response["Location"]
    assert list(Criterion.objects.filter(standard=world.standard).values_list("text", flat=True)) \
        == ["Intake binnen vier weken", "Intake met ouders bij minderjarigen"]


def test_the_admin_cannot_open_another_colleges_standard(client, world):
    from tests.factories.staff import StandardFactory

    foreign = StandardFactory(college=world.other_college)
    log_in(client, world.admin)
    response = client.get(f"/admin/staff/standard/{foreign.pk}/change/")
    assert response.status_code in (302, 404)


def test_frameworks_are_read_only_in_the_admin(client, world):
    log_in(client, world.admin)
    url = f"/admin/staff/competencyframework/{world.framework.pk}/change/"
    response = client.get(url)
    assert response.status_code == 200 and 'name="_save"' not in response.content.decode()
    assert client.get("/admin/staff/competencyframework/add/").status_code == 403


def test_review_cycles_and_feedback_are_not_in_the_admin(client, world):
    log_in(client, world.admin)
    index = client.get("/admin/staff/").content.decode()
    for name in ("reviewcycle", "feedbackrequest", "feedbackresponse", "feedbackanswer",
                 "selfassessment", "managerassessment"):
        assert f"/admin/staff/{name}/" not in index
        assert client.get(f"/admin/staff/{name}/").status_code == 404
