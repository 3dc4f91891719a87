"""The portal's menu: shown only to portal accounts."""

from django.urls import reverse
from django.utils.translation import gettext as _

from common.home import NavItem


def nav_items(request):
    if not request.user.is_portal_user:
        return []
    return [NavItem(_("My LOB"), reverse("portal:home"), order=1, active_prefix="/portal/")]
