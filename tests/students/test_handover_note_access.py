"""F4 (issue 15): a handover note is first-line content. The student page's counsellor history
and the admin's change page showed it to every college-wide role (director, admin, LEC lead,
LEC workers) while the student's sessions were hidden from them."""

import pytest

from students.models import CounsellorAssignment

NOTE = "Overdracht: thuissituatie onrustig, let op verzuim."

pytestmark = pytest.mark.django_db


@pytest.fixture
def noted(world):
    CounsellorAssignment.objects.filter(student=world.student).update(handover_note=NOTE)
    return world.student


@pytest.mark.parametrize("persona", ["director", "admin", "lec_lead", "lec_worker"])
def test_college_wide_roles_do_not_see_the_handover_note(login, world, noted, persona):
    response = login(getattr(world, persona)).get(f"/students/{noted.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="counsellor-history"' in html  # the history itself stays
    assert "Overdracht" not in html


@pytest.mark.parametrize("persona", ["counsellor", "colleague", "care_coordinator", "manager"])
def test_the_first_line_sees_the_handover_note(login, world, noted, persona):
    html = login(getattr(world, persona)).get(f"/students/{noted.pk}/").content.decode()
    assert "Overdracht" in html


def test_the_admin_change_page_leaves_the_handover_note_out(login, world, noted):
    client = login(world.admin)
    response = client.get(f"/admin/students/student/{noted.pk}/change/")
    assert response.status_code == 200
    assert "Overdracht" not in response.content.decode()
    assert "handover_note" not in response.content.decode()
