from django.conf import settings
from django.urls import reverse

from common.home import nav_items

from . import sso
from .notifications.selectors import unread_count


def navigation(request):
    user = getattr(request, "user", None)
    urls = {"home": reverse("home"), "set_language": reverse("set_language")}
    if user is None or not user.is_authenticated:
        # The login page's ways in: the identity provider's button, the password form.
        sign_in = {"sso": sso.is_enabled(), "password": settings.LOB_PASSWORD_LOGIN,
                   "sso_label": settings.LOB_OIDC_BUTTON_LABEL}
        return {"nav_items": [], "layout_urls": urls, "sign_in": sign_in}
    urls["logout"] = reverse("logout")
    # Everyone's own notifications, a student's too (an appointment booked or tomorrow).
    urls["notifications"] = reverse("notifications:list")
    return {"nav_items": nav_items(request), "unread_notifications": _LazyCount(user),
            "layout_urls": urls}


class _LazyCount:
    """The unread-notification count, queried (once) only when a template renders it."""

    def __init__(self, user):
        self.user = user
        self.value = None

    def __call__(self) -> int:
        if self.value is None:
            self.value = unread_count(self.user)
        return self.value
