from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lob.access import user_has_any_role
from lob.home import NavItem
from staff.roles import STUDENT_RECORD_ROLES, Role


def nav_items(request):
    items = []
    if user_has_any_role(request.user, STUDENT_RECORD_ROLES):
        items.append(NavItem(_("Students"), reverse("students:list"), order=20))
    if user_has_any_role(request.user, [Role.ADMIN]):
        items.append(NavItem(_("Import"), reverse("students:import"), order=90))
    return items


def panels(request):
    return []
