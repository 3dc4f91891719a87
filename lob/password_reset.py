"""Forgotten password: Django's PasswordResetView family, throttled.

Only accounts that log in with a password get a link: Django's PasswordResetForm leaves out
accounts without a usable password (those that log in through the college's SSO), and the page
answers the same whether the address is known or not. Requests are counted per address and per
client IP in Django's cache; past the limit the page answers 429 and says how long to wait.
"""

import math
import time

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.shortcuts import render
from django.urls import reverse_lazy

from common.net import client_ip

from .auth import normalise_login

WINDOW_SECONDS = 60 * 60


def _hits(key: str, now: float) -> list[float]:
    return [t for t in cache.get(key, []) if t > now - WINDOW_SECONDS]


def reset_wait_seconds(request, email: str) -> int:
    """0 when this request may send a link; otherwise seconds until it may. Counts it."""
    now = time.time()
    limits = [
        (f"pwreset:addr:{normalise_login(email)}", settings.LOB_PASSWORD_RESET_PER_ADDRESS),
        (f"pwreset:ip:{client_ip(request)}", settings.LOB_PASSWORD_RESET_PER_IP),
    ]
    wait = 0
    for key, limit in limits:
        hits = _hits(key, now)
        if len(hits) >= limit:
            wait = max(wait, math.ceil(hits[-limit] + WINDOW_SECONDS - now))
    if wait:
        return wait
    for key, _limit in limits:
        cache.set(key, [*_hits(key, now), now], WINDOW_SECONDS)
    return 0


class ResetForm(PasswordResetForm):
    def clean_email(self):
        return normalise_login(self.cleaned_data["email"])


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        wait = reset_wait_seconds(self.request, form.cleaned_data["email"])
        if wait:
            minutes = max(1, math.ceil(wait / 60))
            response = render(self.request, "registration/password_reset_throttled.html",
                              {"minutes": minutes}, status=429)
            response["Retry-After"] = str(wait)
            return response
        return super().form_valid(form)


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")
