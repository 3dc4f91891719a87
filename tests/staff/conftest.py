import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_service_messages():
    """Service messages are asserted in English; pages (through the client) stay Dutch."""
    with translation.override("en"):
        yield
