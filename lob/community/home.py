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
        NavItem(_("Alumni"), reverse("community:alumni"), order=62,
                active_prefix="/community/alumni/"),
    ]


def student_actions(student, user, first_line=None):
    """"Invite to the alumni pool" on the page of a former student, for the first line."""
    from common.timeline import StudentAction
    from students.models import StudentStatus
    from students.selectors import can_read_first_line

    if student.status == StudentStatus.ACTIVE or not student.email:
        return []
    if not user_has_any_role(user, FIRST_LINE_RECORD_ROLES):
        return []
    if not (first_line if first_line is not None else can_read_first_line(user, student)):
        return []
    return [StudentAction(_("Invite to the alumni pool"),
                          reverse("community:alumni_ask", args=[student.pk]),
                          "outline-secondary")]
