"""Test logins with the second factor: `log_in(client, user)` (and the `login` fixture built on
it) logs in as a completed login does, so tests need not know about two-factor login; browser
logins type the current code (tests/e2e/conftest.py). A bare `client.force_login` is a login
that has given the password only: the two-factor tests use it on purpose."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lob.privacy import twofactor


def give_device(user) -> TOTPDevice:
    """A confirmed authenticator for `user` (the world's LEC staff and admins have one)."""
    device = twofactor.confirmed_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=twofactor.DEVICE_NAME, confirmed=True)
    return device


def log_in(client, user):
    """force_login, then mark the session as having given the second factor (and a fresh
    re-authentication) — as a real login through the code page would. Returns the client."""
    client.force_login(user)
    device = twofactor.confirmed_device(user)
    if device is None and twofactor.is_required_by_role(user):
        device = give_device(user)
    session = client.session
    now = time.time()
    if device is not None:
        session[twofactor.SESSION_KEY] = {"user": user.pk, "device": device.persistent_id,
                                          "at": now}
    else:
        session[twofactor.SESSION_KEY] = {"user": user.pk, "required": False, "checked_at": now}
    session[twofactor.REAUTH_SESSION_KEY] = now
    session.save()
    return client


def unverified_force_login(client, user):
    """A login that has given the password only (to test enforcement)."""
    client.force_login(user)


def drop_reauth(client):
    session = client.session
    session.pop(twofactor.REAUTH_SESSION_KEY, None)
    session.save()


def current_code(device: TOTPDevice) -> str:
    """The code the authenticator shows now — or, when that code was already used (two logins
    in one 30-second step), the next one, which the device accepts within its tolerance."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = max(time.time(), (device.last_t + 1) * device.step + device.t0)
    return f"{totp.token():0{device.digits}d}"
