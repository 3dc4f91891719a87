"""Enforces the second factor: until it is given, a user who needs it reaches only the pages
that let them give it (and log out)."""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from . import twofactor

# Views a user may reach before giving the second factor.
EXEMPT_VIEWS = {
    "login",
    "logout",
    "sso_login",
    "sso_callback",
    "set_language",
    "health",
    "favicon",
    "privacy:two_factor_verify",
    "privacy:two_factor_setup",
    "privacy:two_factor_start",
    "admin:logout",
}


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        step = twofactor.needed_step(request)
        if not step:
            return None
        url = reverse(f"privacy:two_factor_{step}")
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
