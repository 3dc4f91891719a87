import pytest
from django.conf import settings


@pytest.fixture
def english(client):
    """Pages default to Dutch; these tests read the English messages (the language switch's
    cookie, as a user who chose English has)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
