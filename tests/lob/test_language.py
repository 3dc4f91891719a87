"""Dutch by default; English when the user chooses it."""

import pytest

pytestmark = pytest.mark.django_db


def test_login_page_is_dutch_even_for_an_english_browser(client):
    body = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Inloggen bij LOB" in body


def test_the_language_switch_gives_english(client, world):
    client.force_login(world.counsellor)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert "Log out" in body and "Uitloggen" not in body


def test_a_user_who_chose_english_gets_english(client, world):
    world.counsellor.language = "en"
    world.counsellor.save(update_fields=["language"])
    client.force_login(world.counsellor)
    assert "Log out" in client.get("/").content.decode()
    client.force_login(world.colleague)
    assert "Uitloggen" in client.get("/").content.decode()
