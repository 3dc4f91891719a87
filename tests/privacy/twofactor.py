"""Test logins give their second factor: `Client.force_login` is wrapped (tests/conftest.py)
so that every existing test keeps working with two-factor login enforced, and browser logins
type the current code (tests/e2e/conftest.py)."""

import time

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lob.privacy import twofactor

_original_force_login = Client.force_login


def give_device(user) -> TOTPDevice:
    """A confirmed authenticator for `user` (the world's LEC staff and admins have one)."""
    device = twofactor.confirmed_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=twofactor.DEVICE_NAME, confirmed=True)
    return device


def verified_force_login(self, user, backend=None):
    """force_login, then mark the session as having given the second factor (and a fresh
    re-authentication) — as a real login through the code page would."""
    _original_force_login(self, user, backend)
    device = twofactor.confirmed_device(user)
    if device is None and twofactor.is_required_by_role(user):
        device = give_device(user)
    session = self.session
    now = time.time()
    if device is not None:
        session[twofactor.SESSION_KEY] = {"user": user.pk, "device": device.persistent_id,
                                          "at": now}
    else:
        session[twofactor.SESSION_KEY] = {"user": user.pk, "required": False, "checked_at": now}
    session[twofactor.REAUTH_SESSION_KEY] = now
    session.save()


def unverified_force_login(client, user):
    """A login that has given the password only (to test enforcement)."""
    _original_force_login(client, user)


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
