"""The admin pages are for the admin role, and only for their own college's rows."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["counsellor", "manager", "hr", "director", "lec_worker"])
def test_other_roles_cannot_enter_the_admin(login, world, persona):
    response = login(getattr(world, persona)).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_role_manages_the_register_of_their_own_college(login, world):
    client = login(world.admin)
    assert client.get("/admin/").status_code == 200
    listing = client.get("/admin/students/student/")
    assert listing.status_code == 200
    colleges = {s.college_id for s in listing.context["cl"].result_list}
    numbers = {s.student_number for s in listing.context["cl"].result_list}
    assert colleges == {world.college.pk}
    assert {"100001", "100002", "100003"} <= numbers and "200001" not in numbers
    assert client.get(f"/admin/students/student/{world.student.pk}/change/").status_code == 200
    assert client.get(f"/admin/students/student/{world.foreign_student.pk}/change/").status_code == 302
    assert client.get("/admin/students/programme/add/").status_code == 200
