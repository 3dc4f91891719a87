"""A real OpenID Connect provider for the SSO tests (tests/sso and tests/e2e): the npm package
`oidc-provider`, started with node as a subprocess (tests/sso/provider.mjs). Without node or the
package the tests are skipped — except under LOB_REQUIRE_SERVICES=1 (CI), where that fails."""

import os
import re
import shutil
import socket
import subprocess
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.core.cache import cache

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("provider.mjs")
REQUIRED = os.environ.get("LOB_REQUIRE_SERVICES") == "1"
CLIENT_ID = "lob"
CLIENT_SECRET = "lob-test-client-secret-0123456789abcdef"  # noqa: S105
CALLBACK = "http://testserver/accounts/sso/callback/"


def _unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"LOB_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_provider(callback: str = CALLBACK):
    """Start tests/sso/provider.mjs for `callback` (LOB's redirect URI); yields its issuer."""
    node = shutil.which("node")
    if node is None:
        _unavailable("node is not installed (needed for the OIDC provider)")
    if not (ROOT / "node_modules" / "oidc-provider").exists():
        _unavailable("the npm package oidc-provider is not installed (npm ci)")
    port = _free_port()
    process = subprocess.Popen(
        [node, str(SCRIPT), str(port), CLIENT_ID, CLIENT_SECRET, callback],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = process.stdout.readline()  # "ready <issuer>" once it listens
        if not line.startswith("ready "):
            process.kill()
            _unavailable(f"the OIDC provider did not start: {line!r} {process.stderr.read()[:500]!r}")
        yield line.split()[1]
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def configure(settings, issuer: str) -> None:
    """Point LOB (the pytest-django `settings` fixture) at a test provider."""
    settings.LOB_OIDC_ISSUER = issuer
    settings.LOB_OIDC_CLIENT_ID = CLIENT_ID
    settings.LOB_OIDC_CLIENT_SECRET = CLIENT_SECRET
    cache.clear()  # the discovery document of an earlier provider run


class _Form(HTMLParser):
    def __init__(self):
        super().__init__()
        self.action = None
        self.fields: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.action = attrs.get("action")
        elif tag == "input" and attrs.get("name"):
            self.fields.append(attrs["name"])


def provider_sign_in(client, *, email: str, sub: str = "", amr: str = "", acr: str = "",
                     issue_for_audience: str = "", given_name: str = "", family_name: str = "",
                     next_url: str = "", reauth: bool = False, before_callback=None,
                     browser: requests.Session | None = None):
    """The whole browser journey: LOB's SSO button → the provider's sign-in page (typed in as
    `email`) → back to LOB's callback. Returns LOB's response to the callback.
    `before_callback()` may return a context manager the callback runs in (a moved clock).
    `browser` holds the provider's cookies (its session) across journeys; a new one if None."""
    query = {}
    if next_url:
        query["next"] = next_url
    if reauth:
        query["reauth"] = "1"
    start = client.get("/accounts/sso/", query)
    assert start.status_code == 302, start.content[:500]
    browser = browser if browser is not None else requests.Session()
    url = start["Location"]
    for _step in range(10):
        if url.startswith("http://testserver/"):
            break
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            continue
        assert response.status_code == 200, response.text[:500]
        form = _Form()
        form.feed(response.text)
        data = {"email": email, "sub": sub, "amr": amr, "acr": acr,
                "issue_for_audience": issue_for_audience, "given_name": given_name,
                "family_name": family_name}
        assert set(data) <= set(form.fields), form.fields
        response = browser.post(urljoin(url, form.action), data=data, allow_redirects=False,
                                timeout=10)
        assert response.status_code in (302, 303), response.text[:500]
        url = urljoin(url, response.headers["Location"])
    else:
        raise AssertionError("the provider never sent the browser back to LOB")
    parts = urlsplit(url)
    assert parts.path == "/accounts/sso/callback/"
    assert re.search(r"(^|&)code=", parts.query), url
    if before_callback is not None:
        with before_callback():
            return client.get(f"{parts.path}?{parts.query}")
    return client.get(f"{parts.path}?{parts.query}")
