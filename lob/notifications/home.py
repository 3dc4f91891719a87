"""Home panel: my unread notifications (see common/home.py; apps.py contributes it through
common.registry)."""

from django.utils.translation import gettext_lazy as _

from common.home import Panel

from . import selectors


def panels(request):
    items = selectors.latest_unread(request.user)
    if not items:
        return []
    return [Panel(_("My notifications"), "notifications/panel.html", {"items": items}, order=5)]
