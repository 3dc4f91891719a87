from .home import nav_items
from .notifications.selectors import unread_count


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": nav_items(request), "unread_notifications": _LazyCount(user)}


class _LazyCount:
    """The unread-notification count, queried (once) only when a template renders it."""

    def __init__(self, user):
        self.user = user
        self.value = None

    def __call__(self) -> int:
        if self.value is None:
            self.value = unread_count(self.user)
        return self.value
