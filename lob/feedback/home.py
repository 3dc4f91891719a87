"""Feedback in the menu: the student's open questions, the counsellor's own aggregate."""

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
            return [NavItem(_("Feedback"), reverse("feedback:list"), order=5,
                            active_prefix="/feedback/")]
        return []
    if user.has_role(*FIRST_LINE_ROLES):
        return [NavItem(_("Student feedback"), reverse("feedback:mine"), order=45,
                        active_prefix="/feedback/")]
    return []
