"""Two-factor login with TOTP codes (django-otp devices, our own session state).

Users holding a role of settings.LOB_TWO_FACTOR_ROLES must enrol an authenticator app on their
first login and enter a code at every login; anybody else may enrol, and then must too. The
verified state lives in the (server-side) session, so a page costs no extra query once a
session is verified. Exports and erasure also ask for a fresh re-authentication.
"""

import base64
import datetime
import time

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

SESSION_KEY = "lob_2fa"
REAUTH_SESSION_KEY = "lob_reauth_at"
PROVIDER_REAUTH_SESSION_KEY = "lob_provider_reauth_at"
# A session that did not need a code re-checks the user's roles this often, so that a role
# given during a session is enforced without waiting for the next login; a verified session
# re-checks that its device still exists.
RECHECK_SECONDS = 300
DEVICE_NAME = "authenticator"


def is_required_by_role(user) -> bool:
    return user.is_superuser or user.has_role(*settings.LOB_TWO_FACTOR_ROLES)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


# --- session state ---------------------------------------------------------------------------


def _state(request) -> dict:
    state = request.session.get(SESSION_KEY) or {}
    # A state written for another user (should never happen: login flushes the session) counts
    # as nothing.
    return state if state.get("user") == request.user.pk else {}


def is_verified(request) -> bool:
    """The session gave the second factor, with a device the user still has: every
    RECHECK_SECONDS the device is looked up again, so that deleting a lost or stolen one (the
    admin, *OTP_TOTP → TOTP devices*) also ends the sessions verified with it, within minutes."""
    state = _state(request)
    if state.get("provider_mfa"):
        return True  # the identity provider asserted multi-factor sign-in (lob/sso.py)
    device_id = state.get("device")
    if not device_id:
        return False
    now = time.time()
    if now - state.get("device_checked_at", state.get("at", 0)) < RECHECK_SECONDS:
        return True
    device = Device.from_persistent_id(device_id)
    if device is None or device.user_id != request.user.pk or not device.confirmed:
        del request.session[SESSION_KEY]
        return False
    request.session[SESSION_KEY] = {**state, "device_checked_at": now}
    return True


def mark_verified(request, device: TOTPDevice) -> None:
    """The user proved the second factor: remember it for this session."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "user": request.user.pk,
        "device": device.persistent_id,
        "at": time.time(),
    }
    mark_reauthenticated(request)


def needed_step(request) -> str:
    """"" when the user may go on; otherwise "verify" (enter a code) or "setup" (enrol)."""
    if is_verified(request):
        return ""
    state = _state(request)
    now = time.time()
    if state.get("required") is False and now - state.get("checked_at", 0) < RECHECK_SECONDS:
        return ""
    user = request.user
    device = confirmed_device(user)
    required = device is not None or is_required_by_role(user)
    request.session[SESSION_KEY] = {"user": user.pk, "required": required, "checked_at": now}
    if not required:
        return ""
    return "verify" if device is not None else "setup"


def mark_verified_by_provider(request) -> None:
    """The identity provider asserted a multi-factor sign-in (`amr`/`acr`, see lob/sso.py):
    this session counts as having given the second factor, and as freshly re-authenticated."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"user": request.user.pk, "provider_mfa": True,
                                    "at": time.time()}
    mark_reauthenticated(request)


# --- re-authentication -----------------------------------------------------------------------


def mark_reauthenticated(request) -> None:
    request.session[REAUTH_SESSION_KEY] = time.time()


def mark_provider_reauth(request) -> None:
    """The identity provider confirmed the person again (without asserting a second factor):
    the re-authentication page then asks only for the code."""
    request.session[PROVIDER_REAUTH_SESSION_KEY] = time.time()


def provider_reauth_is_fresh(request) -> bool:
    at = request.session.get(PROVIDER_REAUTH_SESSION_KEY)
    return at is not None and time.time() - at < settings.LOB_REAUTH_MINUTES * 60


def reauth_is_fresh(request) -> bool:
    at = request.session.get(REAUTH_SESSION_KEY)
    return at is not None and time.time() - at < settings.LOB_REAUTH_MINUTES * 60


# --- wrong codes ------------------------------------------------------------------------------

MAX_LOCKOUT_SECONDS = 3600


def locked_until(device: TOTPDevice) -> datetime.datetime | None:
    """When the device takes codes again, or None when it takes them now. django-otp counts
    the wrong codes in a row (and resets the count on a right one); its own delay is off
    (OTP_TOTP_THROTTLE_FACTOR = 0, see settings), so a mistype followed at once by the right
    code lets the user in. After LOB_OTP_FREE_FAILURES wrong codes each further one locks the
    device, for LOB_OTP_LOCKOUT_SECONDS and then twice as long each time."""
    over = device.throttling_failure_count - settings.LOB_OTP_FREE_FAILURES
    if over < 0 or device.throttling_failure_timestamp is None:
        return None
    seconds = min(settings.LOB_OTP_LOCKOUT_SECONDS * 2 ** over, MAX_LOCKOUT_SECONDS)
    until = device.throttling_failure_timestamp + datetime.timedelta(seconds=seconds)
    return until if until > timezone.now() else None


def code_is_right(device: TOTPDevice, token: str) -> bool:
    """Check a code against a device that is not locked (the caller checks `locked_until`);
    a wrong code counts towards the lock, a right one resets the count."""
    return device.verify_token(token)


# --- enrolment -------------------------------------------------------------------------------


def device_start(*, user) -> TOTPDevice:
    """A new, unconfirmed authenticator for `user` (replacing an earlier unconfirmed one)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm a new authenticator with its first code. False when the code is wrong."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if device.confirmed or locked_until(device) or not device.verify_token(token):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return True


def secret_for_display(device: TOTPDevice) -> str:
    """The key as authenticator apps want it typed in: base32, in groups of four."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no image request, nothing leaves the page)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, title="QR")
    return mark_safe(svg)  # noqa: S308 - generated by segno from our own URL, no user input
