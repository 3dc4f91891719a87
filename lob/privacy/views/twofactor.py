"""Enrolment of an authenticator app, the code at login, and re-authentication."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common.params import safe_next_url
from lob.sso import is_enabled as sso_enabled

from .. import twofactor
from ..forms import CodeForm, ReauthForm


def _next_url(request, default: str = "/") -> str:
    return safe_next_url(request, default)


def _throttled(device) -> str:
    """The message for a device that takes no codes now (twofactor.locked_until), or ""."""
    until = twofactor.locked_until(device)
    if until is None:
        return ""
    minutes = max(1, -(-int((until - timezone.now()).total_seconds()) // 60))
    return ngettext(
        "Too many wrong codes. Wait %(minutes)s minute and try again.",
        "Too many wrong codes. Wait %(minutes)s minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


@login_required
def setup(request):
    """Enrol an authenticator: scan the QR code (or type the key), then enter a code."""
    user = request.user
    device = twofactor.pending_device(user)
    confirmed = twofactor.confirmed_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and device is not None and form.is_valid():
        if locked := _throttled(device):
            form.add_error("code", locked)
        elif twofactor.device_confirm(device=device, token=form.cleaned_data["code"]):
            device.refresh_from_db()
            twofactor.mark_verified(request, device)
            messages.success(request, _("Two-factor login is on. You will be asked for a code "
                                        "at every login."))
            return redirect(_next_url(request))
        else:
            form.add_error("code", _("That code is not right. Check the time on your phone and "
                                     "enter the code that is shown now."))
    context = {
        "form": form,
        "device": device,
        "confirmed": confirmed,
        "required": twofactor.is_required_by_role(user),
        "next": _next_url(request, ""),
    }
    if device is not None:
        context["secret"] = twofactor.secret_for_display(device)
        context["qr"] = twofactor.qr_svg(device)
    return render(request, "privacy/two_factor_setup.html", context)


@require_POST
@login_required
def start(request):
    """Create the key for a new authenticator (only while none is confirmed)."""
    if twofactor.confirmed_device(request.user) is not None:
        messages.info(request, _("Two-factor login is already on for your account."))
        return redirect("home")
    twofactor.device_start(user=request.user)
    url = reverse("privacy:two_factor_setup")
    next_url = _next_url(request, "")
    return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


@login_required
def verify(request):
    """The second step of the login: the code from the authenticator app."""
    device = twofactor.confirmed_device(request.user)
    if device is None:
        url = reverse("privacy:two_factor_setup")
        return redirect(f"{url}?{urlencode({'next': _next_url(request)})}")
    if twofactor.is_verified(request):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if locked := _throttled(device):
            form.add_error("code", locked)
        elif twofactor.code_is_right(device, form.cleaned_data["code"]):
            twofactor.mark_verified(request, device)
            return redirect(_next_url(request))
        else:
            form.add_error("code", _("That code is not right. Enter the code your app shows now."))
    return render(request, "privacy/two_factor_verify.html",
                  {"form": form, "next": _next_url(request, "")})


@login_required
def reauthenticate(request):
    """Confirm who you are again (password, and a code when enrolled) before an export or an
    erasure."""
    device = twofactor.confirmed_device(request.user)
    # Signed in again at the identity provider a moment ago: only the code is still asked.
    by_provider = twofactor.provider_reauth_is_fresh(request)
    form = ReauthForm(request.POST or None, with_code=device is not None,
                      with_password=not by_provider)
    if request.method == "POST" and form.is_valid():
        user = request.user if by_provider else authenticate(
            request, username=request.user.email, password=form.cleaned_data["password"])
        if user is None or user.pk != request.user.pk:
            form.add_error("password", _("That password is not right."))
        elif device is not None and (locked := _throttled(device)):
            form.add_error("code", locked)
        elif device is not None and not twofactor.code_is_right(device,
                                                               form.cleaned_data["code"]):
            form.add_error("code", _("That code is not right. Enter the code your app shows now."))
        else:
            twofactor.mark_reauthenticated(request)
            return redirect(_next_url(request))
    return render(request, "privacy/reauthenticate.html",
                  {"form": form, "next": _next_url(request, ""), "by_provider": by_provider,
                   "sign_in_sso": sso_enabled(), "sign_in_password": settings.LOB_PASSWORD_LOGIN})


def reauth_redirect(request, next_url: str):
    return redirect(f"{reverse('privacy:reauthenticate')}?{urlencode({'next': next_url})}")
