"""Appointments in the menu: the student's "My appointments", the counsellor's "My times"."""

from django.urls import reverse
from django.utils.translation import gettext as _

from common.home import NavItem
from staff.roles import FIRST_LINE_ROLES, Role


def nav_items(request):
    user = request.user
    if not user.is_authenticated:
        return []
    if user.is_portal_user:
        if user.has_role(Role.STUDENT):
            return [NavItem(_("Appointments"), reverse("appointments:mine"), order=4,
                            active_prefix="/appointments/")]
        return []
    if user.has_role(*FIRST_LINE_ROLES):
        return [NavItem(_("Appointments"), reverse("appointments:slots"), order=40,
                        active_prefix="/appointments/")]
    return []
