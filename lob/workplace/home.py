from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.access import user_has_any_role
from common.home import NavItem
from staff.roles import FIRST_LINE_RECORD_ROLES, Role


def nav_items(request):
    if user_has_any_role(request.user, [Role.ADMIN]):
        return [NavItem(_("Import placements"), reverse("workplace:import"), order=91,
                        active_prefix="/workplace/import/")]
    if not user_has_any_role(request.user, FIRST_LINE_RECORD_ROLES):
        return []
    return [NavItem(_("Placements"), reverse("workplace:placements"), order=35,
                    active_prefix="/workplace/")]
