"""Navigation and home panels of the privacy app."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.access import user_has_any_role
from common.home import NavItem, Panel
from common.timeline import StudentAction
from staff.roles import (
    ACCESS_AUDIT_ROLES,
    GRANT_APPROVER_ROLES,
    GRANT_REQUEST_LIST_ROLES,
    PRIVACY_REQUEST_ROLES,
    Role,
)
from staff.selectors.grants import pending_grant_requests

from .models import RequestStatus
from .selectors import bulk_viewing, erasures_awaiting_lec, requests_visible_to

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


# A controller answers a data subject's request within one month (GDPR art. 12(3)).
ANSWER_WITHIN_DAYS = 30
PANEL_ROWS = 5


def panels(request):
    """What waits for the privacy officer (and the admin, the LEC lead): open privacy requests
    by their answer-by date, role requests to approve, erasures that wait for the LEC lead,
    unusual bulk reading of LEC cases in the last week."""
    user = request.user
    result = []
    if user_has_any_role(user, PRIVACY_REQUEST_ROLES):
        open_requests = requests_visible_to(user).filter(status=RequestStatus.OPEN)
        rows = list(open_requests.order_by("received_on", "pk")[:PANEL_ROWS])
        if rows:
            today = timezone.localdate()
            for row in rows:
                row.answer_by = row.received_on + datetime.timedelta(days=ANSWER_WITHIN_DAYS)
                row.late = row.answer_by < today
            result.append(Panel(_("Open privacy requests"), "privacy/panel_requests.html",
                                {"rows": rows, "count": open_requests.count()}, order=3))
    if user_has_any_role(user, GRANT_APPROVER_ROLES):
        waiting = pending_grant_requests(user).exclude(requested_by=user).exclude(user=user)
        rows = list(waiting.order_by("requested_at", "pk")[:PANEL_ROWS])
        if rows:
            result.append(Panel(_("Role requests waiting for your approval"),
                                "privacy/panel_grants.html",
                                {"rows": rows, "count": waiting.count()}, order=4))
    if not user_has_any_role(user, ACCESS_AUDIT_ROLES):
        return result
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


def student_actions(student, user, first_line=None):
    """The student page's button to the student's privacy page (export, erasure)."""
    if user_has_any_role(user, [Role.ADMIN, Role.LEC_LEAD]):
        return [StudentAction(_("Privacy and export"), reverse("privacy:student", args=[student.pk]),
                              style="outline-secondary")]
    return []
