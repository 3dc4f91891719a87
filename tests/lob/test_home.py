import pytest

pytestmark = pytest.mark.django_db


def test_home_shows_my_roles_and_teams(login, world):
    body = login(world.counsellor).get("/").content.decode()
    assert "Zorg" in body and "Loopbaanbegeleider" in body


def test_admin_home_shows_the_latest_imports(login, world):
    body = login(world.admin).get("/").content.decode()
    assert "export.csv" in body


def test_counsellor_home_has_no_import_panel(login, world):
    body = login(world.counsellor).get("/").content.decode()
    assert "export.csv" not in body and "/students/import/" not in body
