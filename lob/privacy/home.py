"""Navigation and home panels of the privacy app."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.access import user_has_any_role
from common.home import NavItem, Panel
from common.timeline import StudentAction
from staff.roles import ACCESS_AUDIT_ROLES, GRANT_REQUEST_LIST_ROLES, PRIVACY_REQUEST_ROLES, Role

from .selectors import bulk_viewing, erasures_awaiting_lec

FLAG_DAYS = 7


def nav_items(request):
    user = request.user
    items = []
    if user_has_any_role(user, ACCESS_AUDIT_ROLES):
        items.append(NavItem(_("Access review"), reverse("privacy:audit"), order=80,
                             active_prefix="/privacy/audit/"))
    if user_has_any_role(user, PRIVACY_REQUEST_ROLES):
        items.append(NavItem(_("Privacy requests"), reverse("privacy:requests"), order=85,
                             active_prefix="/privacy/requests/"))
    if user_has_any_role(user, GRANT_REQUEST_LIST_ROLES):
        items.append(NavItem(_("Role requests"), reverse("privacy:role_grants"), order=87,
                             active_prefix="/privacy/role-requests/"))
    return items


def panels(request):
    """Unusual bulk reading of LEC cases in the last week: flagged to the LEC lead (and the
    privacy officer) on their home page. Erasures that wait for the LEC lead's confirmation."""
    user = request.user
    if not user_has_any_role(user, ACCESS_AUDIT_ROLES):
        return []
    result = []
    awaiting = list(erasures_awaiting_lec(user)[:10])
    if awaiting:
        result.append(Panel(_("Erasures waiting for your confirmation"),
                            "privacy/panel_erasures.html", {"rows": awaiting}, order=4))
    since = timezone.localdate() - datetime.timedelta(days=FLAG_DAYS)
    flags = bulk_viewing(user, since=since)
    if flags:
        result.append(Panel(_("Unusual reading of LEC cases"), "privacy/panel_bulk.html",
                            {"flags": flags}, order=5))
    return result


def student_actions(student, user):
    """The student page's button to the student's privacy page (export, erasure)."""
    if user_has_any_role(user, [Role.ADMIN, Role.LEC_LEAD]):
        return [StudentAction(_("Privacy and export"), reverse("privacy:student", args=[student.pk]),
                              style="outline-secondary")]
    return []
