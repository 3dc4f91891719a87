"""Managers change counsellors in the browser; the new counsellor sees the handover note."""

import pytest

from students.models import CounsellorAssignment

pytestmark = pytest.mark.usefixtures("english")

def current(student):
    return CounsellorAssignment.objects.get(student=student, end_date__isnull=True)


def test_change_without_note_is_refused_at_the_field(login, world):
    response = login(world.manager).post(f"/students/{world.student.pk}/counsellor/",
                                         {"counsellor": world.colleague.pk, "handover_note": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["handover_note"]
    assert current(world.student).counsellor == world.counsellor


def test_change_with_note_reaches_the_new_counsellors_home(login, world, client):
    response = login(world.manager).post(
        f"/students/{world.student.pk}/counsellor/",
        {"counsellor": world.colleague.pk, "handover_note": "Twijfelt over de BPV-plek."})
    assert response.status_code == 302
    assert current(world.student).counsellor == world.colleague
    home = login(world.colleague).get("/").content.decode()
    assert "Twijfelt over de BPV-plek." in home


def test_counsellor_of_another_team_is_not_offered_nor_accepted(login, world):
    client = login(world.manager)
    form = client.get(f"/students/{world.student.pk}/counsellor/").context["form"]
    assert world.outsider not in form.fields["counsellor"].queryset
    response = client.post(f"/students/{world.student.pk}/counsellor/",
                           {"counsellor": world.outsider.pk, "handover_note": "x"})
    assert "Choose a counsellor of this team." in response.context["form"].errors["counsellor"]


def test_whole_group_changes_counsellor(login, world):
    response = login(world.manager).post(
        f"/students/groups/{world.group.pk}/counsellor/",
        {"counsellor": world.colleague.pk, "handover_note": "Groep overgedragen."})
    assert response.status_code == 302
    world.group.refresh_from_db()
    assert world.group.counsellor == world.colleague
    assert current(world.student).counsellor == world.colleague
    assert current(world.team_student).counsellor == world.colleague


def test_groups_page_offers_the_right_actions(login, world):
    html = login(world.counsellor).get("/students/groups/").content.decode()
    assert f"/students/groups/{world.group.pk}/sessions/new/" in html
    assert "/counsellor/" not in html
    html = login(world.manager).get("/students/groups/", {"mine": "0"}).content.decode()
    assert f"/students/groups/{world.group.pk}/counsellor/" in html
    assert "sessions/new" not in html
