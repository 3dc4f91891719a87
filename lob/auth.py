"""The login: one normalised e-mail address for both the password check and the throttle.

Accounts are looked up case-insensitively (staff.UserManager.get_by_natural_key), so the
throttle (django-axes) must count `LB.zw.9@…` and `lb.zw.9@…` as one address: otherwise every
casing of an address gets its own allowance of wrong passwords. Both read the address through
`normalise_login`.
"""

import datetime
import math

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The longest e-mail address a mailbox can have (RFC 5321 path limit); axes stores the
# attempted name in a 255-character column, so anything longer is refused by the form first.
LOGIN_MAX_LENGTH = 254


def normalise_login(value) -> str:
    return str(value or "").strip().lower()


def axes_username(request, credentials=None) -> str:
    """AXES_USERNAME_CALLABLE: the address the throttle counts, from the credentials given to
    authenticate() or, without them, from the posted form."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        raw = credentials.get(field)
    else:
        raw = getattr(request, "POST", {}).get(field)
    return normalise_login(raw)[:LOGIN_MAX_LENGTH]


def axes_exempt(request, credentials=None) -> bool:
    """AXES_WHITELIST_CALLABLE: the sign-in service's callback is not a password attempt. Its
    refusals (a person unknown to LOB, an expired answer) carry no e-mail address, so counted
    by address and IP they would lock out everybody behind a school's one public address; a
    code is single-use and bound to the browser's session, so there is nothing to guess."""
    return getattr(request, "path", None) == reverse("sso_callback")


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's own Dutch reads "een juiste e-mailadres" (het e-mailadres: "een juist"), and
        # says both fields are case-sensitive while the address is not.
        "invalid_login": _("Enter a correct e-mail address and password. The password is "
                           "case-sensitive."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.max_length = LOGIN_MAX_LENGTH
        field.widget.attrs["maxlength"] = str(LOGIN_MAX_LENGTH)
        # AuthenticationForm sets max_length after the field was built, which adds no
        # validator: without this one an overlong name reached the throttle's column.
        field.validators.append(MaxLengthValidator(LOGIN_MAX_LENGTH))

    def clean_username(self):
        return normalise_login(self.cleaned_data.get("username"))

    def clean(self):
        if not settings.LOB_PASSWORD_LOGIN:
            raise ValidationError(
                _("Signing in with a password is switched off: use your college account."),
                code="password_login_off",
            )
        return super().clean()


class PasswordBackend(ModelBackend):
    """E-mail and password, as long as LOB_PASSWORD_LOGIN is on. Switched off, it accepts no
    password anywhere (login page, admin, re-authentication) and ends the sessions it made."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.LOB_PASSWORD_LOGIN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        if not settings.LOB_PASSWORD_LOGIN:
            return None
        return super().get_user(user_id)


def wait_after_lockout(request, credentials=None) -> datetime.timedelta:
    """How long until the locked-out address may try again: the cool-off counts from its last
    failed attempt (django-axes keeps it on the AccessAttempt row)."""
    from axes.helpers import get_client_ip_address, get_cool_off
    from axes.models import AccessAttempt

    cool_off = get_cool_off(request) or datetime.timedelta(0)
    last = (
        AccessAttempt.objects.filter(
            username=axes_username(request, credentials),
            ip_address=get_client_ip_address(request),
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    if last is None:
        return cool_off
    return max(last + cool_off - timezone.now(), datetime.timedelta(0))


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: 429 with the wait in words and in a Retry-After header."""
    wait = wait_after_lockout(request, credentials)
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    response = render(request, "registration/locked_out.html", {"minutes": minutes},
                      status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Retry-After"] = str(minutes * 60)
    return response
