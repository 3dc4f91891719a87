"""The client's IP address, for the audit trail (AccessLog) and the login throttle (axes).

Behind reverse proxies that the deployment trusts (LOB_TRUSTED_PROXIES, default 0), each proxy
appends the address it got the request from to X-Forwarded-For, so the client's address is the
LOB_TRUSTED_PROXIES-th entry from the right. What stands further left is whatever the client
sent and is never believed. Without a trusted proxy: REMOTE_ADDR.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    hops = settings.LOB_TRUSTED_PROXIES
    if not hops:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < hops:
        return remote  # the request did not come through every proxy: nothing to believe
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
