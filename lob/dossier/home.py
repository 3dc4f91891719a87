"""The dossier in the portal's menu (students) and a button on the student page (staff)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from common.home import NavItem
from common.timeline import StudentAction
from staff.roles import FIRST_LINE_RECORD_ROLES, Role


def nav_items(request):
    user = request.user
    if not (user.is_authenticated and user.is_portal_user and user.has_role(Role.STUDENT)):
        return []
    return [NavItem(_("My dossier"), reverse("dossier:overview"), order=3,
                    active_prefix="/dossier/")]


def student_actions(student, user, first_line=None):
    if not user.has_role(*FIRST_LINE_RECORD_ROLES):
        return []
    return [StudentAction(_("Career dossier"), reverse("dossier:student", args=[student.pk]),
                          style="outline-secondary")]
