"""The client's address behind the deployment's proxies: for the access log and the throttle."""

import pytest
from django.test import RequestFactory

from common.net import client_ip


def _request(remote="10.0.0.2", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_trusted_proxy_forwarded_for_is_ignored(settings):
    settings.LOB_TRUSTED_PROXIES = 0
    assert client_ip(_request(forwarded="203.0.113.9")) == "10.0.0.2"


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client's own entry is not believed
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (1, "2001:db8::1", "2001:db8::1"),
        (2, "198.51.100.7", "10.0.0.2"),  # fewer entries than proxies: the connection's address
        (1, "", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_behind_trusted_proxies_the_client_is_counted_from_the_right(settings, hops, forwarded,
                                                                     expected):
    settings.LOB_TRUSTED_PROXIES = hops
    assert client_ip(_request(forwarded=forwarded)) == expected


@pytest.mark.django_db
def test_the_login_throttle_locks_the_client_not_the_proxy(client, world, settings):
    """Behind one proxy, five failures from one client lock that client out, not another."""
    settings.LOB_TRUSTED_PROXIES = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": world.counsellor.email, "password": "x"},
                    REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    locked = client.post("/accounts/login/", {"username": world.counsellor.email,
                                              "password": "x"},
                         REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert locked.status_code == 429
    from tests.factories.staff import PASSWORD

    other = client.post("/accounts/login/", {"username": world.counsellor.email,
                                             "password": PASSWORD},
                        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.44")
    assert other.status_code == 302
