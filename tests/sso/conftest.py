"""The SSO tests' provider: tests/sso/oidc.py starts it (a real `oidc-provider` under node)."""

import pytest
from django.core.cache import cache

from .oidc import configure, running_provider


@pytest.fixture(scope="session")
def oidc_provider():
    """The provider's issuer URL, for the whole session."""
    with running_provider() as issuer:
        yield issuer


@pytest.fixture
def sso(oidc_provider, settings):
    """LOB configured to sign in through the test provider."""
    configure(settings, oidc_provider)
    yield oidc_provider
    cache.clear()
