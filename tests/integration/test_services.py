"""Real services: with LOB_REQUIRE_SERVICES=1 (CI) a missing service fails the run."""

import os

import pytest
from django.conf import settings

REQUIRED = os.environ.get("LOB_REQUIRE_SERVICES") == "1"


def test_redis_broker_answers():
    if not settings.CELERY_BROKER_URL:
        if REQUIRED:
            pytest.fail("LOB_REQUIRE_SERVICES=1 but CELERY_BROKER_URL is not set")
        pytest.skip("no broker configured (embedded default: eager tasks)")
    import redis

    assert redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=5).ping()
