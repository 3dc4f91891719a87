from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.access import user_has_any_role
from common.home import NavItem
from staff.roles import FIRST_LINE_RECORD_ROLES


def nav_items(request):
    if not user_has_any_role(request.user, FIRST_LINE_RECORD_ROLES):
        return []
    return [
        NavItem(_("Materials"), reverse("community:materials"), order=60,
                active_prefix="/community/materials/"),
        NavItem(_("Intervisie"), reverse("community:meetings"), order=61,
                active_prefix="/community/meetings/"),
    ]
