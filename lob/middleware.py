import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers


class NoStoreForAuthenticatedMiddleware:
    """Pages shown to a logged-in user carry personal data: browsers and proxies keep none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class AdminNulQueryMiddleware:
    """The Django admin's list filters and search hand query parameters to the database as
    they are; PostgreSQL refuses a NUL byte in a string literal, so `?status__exact=%00` would
    answer 500. No admin parameter legitimately holds one: refuse the request with 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(_admin_prefix()) and any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest("Bad request: a NUL byte in the query string.",
                                          content_type="text/plain")
        return self.get_response(request)


def _admin_prefix() -> str:
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return "/admin/"


class LanguageMiddleware:
    """Dutch unless asked otherwise: the language switch (cookie) first, then the user's own
    setting, then LANGUAGE_CODE. The browser's Accept-Language is not used, so a member of
    staff with an English browser still gets the college's Dutch unless they choose English."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            user = getattr(request, "user", None)
            preferred = getattr(user, "language", None) if user is not None and user.is_authenticated else None
            language = preferred if preferred in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class HealthCheckMiddleware:
    """`/health/` is answered before sessions and authentication: a monitor (or a browser)
    that sends a session cookie while the database is down must get the report's 503, not the
    500 of a session or user lookup that needs the very database being reported on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Looked up per request (the resolver caches it): the URLconf is not loaded when the
        # middleware is built, and a test may swap it.
        try:
            path = reverse("health")
        except NoReverseMatch:
            path = None
        if request.path == path:  # both carry the script prefix, if any
            return resolve(request.path_info).func(request)
        return self.get_response(request)


class IdleSessionMiddleware:
    """A session ends SESSION_COOKIE_AGE after its last activity. Each request that comes
    more than LOB_SESSION_TOUCH_SECONDS after the last write marks the session changed, so
    the session middleware saves it with a fresh expiry; requests in between write nothing."""

    KEY = "_lob_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.LOB_SESSION_TOUCH_SECONDS:
                session[self.KEY] = now
        return response


class PortalBoundaryMiddleware:
    """A student's or guardian's account opens the portal's pages (views marked with
    `common.access.portal_page`) and the few pages everyone has (log out, language, the home
    page, which sends them to the portal); every other page answers 403, whatever its own
    decorator would let through."""

    OPEN_TO_ALL = frozenset({"home", "login", "logout", "set_language", "health"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_portal_user:
            return None
        if getattr(view_func, "portal_page", False):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in self.OPEN_TO_ALL:
            return None
        raise PermissionDenied
