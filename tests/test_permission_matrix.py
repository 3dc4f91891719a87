"""Walks every URL × every persona (see tests/matrix.py)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import PERSONAS, persona_user
from tests.matrix import PUBLIC_URL_NAMES, all_cases
from tests.privacy.twofactor import log_in

CASES = all_cases()


@pytest.fixture
def world(world_once_per_module):
    """Some 1,600 cases: the world is built once for this module and each case works on a
    fresh copy of it, in a transaction rolled back after the case (see tests/conftest.py)."""
    return world_once_per_module


def _url_names(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns == "admin":
                continue  # Django admin: guarded by its own site permission, tested separately
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _url_names(entry, full)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_every_url_is_in_the_matrix():
    covered = {case.url_name for case in CASES}
    missing = sorted(set(_url_names()) - covered - PUBLIC_URL_NAMES)
    assert not missing, f"URLs without a permission-matrix case: {missing}"


def test_every_case_names_every_persona():
    for case in CASES:
        assert set(case.expect) == set(PERSONAS), case.id


def _request(client, case, world):
    path = case.path(world)
    headers = {"HTTP_HX_REQUEST": "true"} if case.htmx else {}
    if case.method == "post":
        return client.post(path, case.payload(world), **headers)
    return client.get(path, **headers)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_anonymous_is_sent_to_login(client, world, case):
    response = _request(client, case, world)
    assert response.status_code == case.anonymous
    if case.anonymous == 302:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_persona_gets_expected_status(client, world, case, persona):
    user = persona_user(world, persona)
    if case.setup:
        case.setup(world, persona)
    log_in(client, user)
    response = _request(client, case, world)
    assert response.status_code == case.expect[persona], (
        f"{case.id} as {persona}: expected {case.expect[persona]}, got {response.status_code}"
    )
