"""docker-compose.yml (issue 15, F11): the TLS proxy is part of the deployment and the only
service with a published port; gunicorn is reachable through it alone, so the one
X-Forwarded-For hop LOB believes (LOB_TRUSTED_PROXIES=1) is always the proxy's. Docker is not
available here: the file is checked as data."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _published(service: dict) -> list:
    return list(service.get("ports") or [])


def test_web_publishes_no_port_and_sits_on_internal_networks_only(compose):
    web = compose["services"]["web"]
    assert _published(web) == []
    networks = web.get("networks")
    assert networks, "web must name its networks (the default one is not internal)"
    for name in networks:
        assert compose["networks"][name].get("internal") is True, name


def test_the_proxy_is_the_only_published_service(compose):
    published = {name for name, service in compose["services"].items() if _published(service)}
    assert published == {"proxy"}
    proxy = compose["services"]["proxy"]
    assert proxy["image"].split(":")[0] == "caddy"
    assert {str(p).split(":")[-1].split("/")[0] for p in proxy["ports"]} == {"80", "443"}
    # It shares the internal network with web, which is how it reaches it.
    assert set(proxy["networks"]) & set(compose["services"]["web"]["networks"])


def test_the_caddyfile_proxies_to_web_with_https_for_the_configured_host(compose):
    mounts = compose["services"]["proxy"]["volumes"]
    source = next(m.split(":")[0] for m in mounts if m.split(":")[1] == "/etc/caddy/Caddyfile")
    caddyfile = "\n".join(line for line in (ROOT / source).read_text().splitlines()
                          if not line.lstrip().startswith("#"))
    assert re.search(r"^\{\$LOB_HOST\} \{", caddyfile, re.M)  # automatic HTTPS for that name
    assert re.search(r"^\s*reverse_proxy web:8000\s*$", caddyfile, re.M)
    # Caddy must not believe a client's own X-Forwarded-For.
    assert "trusted_proxies" not in caddyfile


def test_app_services_trust_exactly_the_one_proxy_and_log_in_as_the_app_role(compose):
    for name in APP_SERVICES:
        environment = compose["services"][name]["environment"]
        assert str(environment["LOB_TRUSTED_PROXIES"]) == "1", name
        assert environment["DATABASE_URL"].startswith("postgres://lob_app:"), name
    assert compose["services"]["migrate"]["environment"]["DATABASE_URL"].startswith("postgres://lob:")


def test_the_database_creates_the_audit_owner_role(compose):
    mounts = compose["services"]["db"]["volumes"]
    source = next(m.split(":")[0] for m in mounts if "/docker-entrypoint-initdb.d" in m)
    scripts = "".join(p.read_text() for p in sorted((ROOT / source).glob("*.sh")))
    assert "CREATE ROLE lob_audit_owner NOLOGIN" in scripts
    assert "CREATE ROLE lob_app LOGIN" in scripts
