"""Hardening: CSP without inline scripts, no-store on personal pages, CSRF everywhere, every URL
behind the login except the login and health pages, no file served without a permission check."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ["lob", "staff", "students", "lec", "templates"]
# The forgotten-password pages and the favicon answer without login too (issue 16); the one
# list is tests/matrix.py.
from tests.matrix import PUBLIC_URL_NAMES as PUBLIC  # noqa: E402


def _source_files(suffix):
    for name in SOURCE_DIRS:
        yield from (p for p in (ROOT / name).rglob(f"*{suffix}") if "migrations" not in p.parts)


def test_csp_header_forbids_inline_scripts(client, world, login):
    for response in [client.get("/accounts/login/"), login(world.counsellor).get("/students/")]:
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["script-src"] == "'self'"
        assert "unsafe-inline" not in directives["script-src"]
        assert "unsafe-eval" not in policy
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"


def test_pages_with_personal_data_are_not_stored(world, login):
    client = login(world.admin)
    for path in ["/", "/students/", f"/students/{world.student.pk}/",
                 f"/privacy/students/{world.student.pk}/", "/privacy/requests/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
        assert "private" in response["Cache-Control"], path
    export = client.post(f"/privacy/students/{world.student.pk}/export/", {"format": "json"})
    assert "no-store" in export["Cache-Control"]


def test_templates_have_no_inline_scripts_or_event_handlers():
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    offenders = []
    for path in _source_files(".html"):
        text = path.read_text()
        if handler.search(text) or inline_script.search(text) or "javascript:" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, offenders


def test_no_view_is_exempt_from_csrf():
    offenders = [str(p.relative_to(ROOT)) for p in _source_files(".py")
                 if "csrf_exempt" in p.read_text() and p.name != "test_hardening.py"]
    assert not offenders, offenders


def _patterns(resolver=None, prefix="", namespace=None):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if namespace and entry.namespace:
                ns = f"{namespace}:{entry.namespace}"
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name, entry


def _concrete(route: str) -> str:
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<(?:str|slug):[^>]+>", "x", route)
    route = re.sub(r"<path:[^>]+>", "x/y", route)
    route = re.sub(r"<[^>]+>", "1", route)
    route = route.lstrip("^").rstrip("$").replace("\\", "")
    return "/" + route


def test_every_url_requires_login_except_the_login_and_health_pages(client):
    """Walks every URL pattern of the project (admin included) as an anonymous visitor."""
    checked = 0
    for route, name, _entry in _patterns():
        # The admin's own login page, and its logout (which only sends an anonymous visitor back
        # to the admin index, itself behind the login).
        if name in PUBLIC or name in ("admin:login", "admin:logout") or "(?P" in route:
            continue
        path = _concrete(route)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code in (302, 404, 405), f"{method} {path} ({name})"
            if response.status_code == 302:
                location = response["Location"]
                assert location.startswith(("/accounts/login/", "/admin/login/")), \
                    f"{method} {path} ({name}) → {location}"
        checked += 1
    assert checked > 50


def test_the_public_pages_are_the_login_and_health_pages(client):
    assert client.get("/accounts/login/").status_code == 200
    health = client.get("/health/")
    assert health.status_code in (200, 503)


def test_no_url_serves_uploaded_or_media_files_directly():
    for _route, _name, entry in _patterns():
        view = getattr(entry.callback, "__module__", "")
        assert view != "django.views.static", _route
