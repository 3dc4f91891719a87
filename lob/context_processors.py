from .home import nav_items, nav_url
from .notifications.selectors import unread_count


def navigation(request):
    user = getattr(request, "user", None)
    # The layout's own links, reversed once per process rather than on every page.
    urls = {"home": nav_url("home"), "set_language": nav_url("set_language")}
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "layout_urls": urls}
    urls.update(notifications=nav_url("notifications:list"), logout=nav_url("logout"))
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
