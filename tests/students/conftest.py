import pytest


@pytest.fixture
def english(client):
    """Pages default to Dutch; these tests read the English messages (Accept-Language: en)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
