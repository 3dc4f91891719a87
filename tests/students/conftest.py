import pytest
from django.conf import settings

from common import registry
from tests.students import timeline_provider


@pytest.fixture
def english(client):
    """Pages default to Dutch; these tests read the English messages (the language switch's
    cookie, as a user who chose English has)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def stand_in_provider():
    """Contributes a stand-in to every timeline for the length of a test."""
    registry.contribute(registry.timeline_entries, timeline_provider.referral_status)
    yield
    provider = timeline_provider.referral_status
    registry.timeline_entries.disconnect(
        dispatch_uid=f"{provider.__module__}.{provider.__qualname__}")
