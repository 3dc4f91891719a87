"""Issue 15 (smaller): a NUL byte in an admin list filter answered 500 on PostgreSQL (it refuses
NUL in a string literal). The admin refuses such a query with 400, before any query runs."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "/admin/students/student/?status__exact=%00",
    "/admin/students/importjob/?status__exact=%00",
    "/admin/students/group/?kind__exact=a%00b",
    "/admin/staff/user/?q=%00",
    "/admin/axes/accessattempt/?path_info=%00",
])
def test_a_nul_byte_in_an_admin_filter_is_a_400(login, world, url):
    client = login(world.admin)
    client.raise_request_exception = False
    assert client.get(url).status_code == 400


def test_ordinary_filters_still_work(login, world):
    client = login(world.admin)
    response = client.get("/admin/students/student/?status__exact=active")
    assert response.status_code == 200
