"""Audit review for the privacy officer and the LEC lead: who read which LEC case, and which
exports, erasures and corrections were made; days of unusual bulk reading are flagged."""

import datetime

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from common.access import role_required
from lec.models import AccessAction
from lec.selectors import group_reads
from staff.models import User
from staff.roles import ACCESS_AUDIT_ROLES

from ..forms import AuditFilterForm
from ..selectors import (
    access_log_filtered,
    bulk_viewing,
    events_visible_to,
    role_events_visible_to,
)

BULK_WINDOW_DAYS = 30


@role_required(*ACCESS_AUDIT_ROLES)
def audit_log(request):

    users = User.objects.filter(college_id=request.user.college_id).order_by(
        "last_name", "first_name")
    form = AuditFilterForm(request.GET or None, users=users, actions=AccessAction.choices)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "user_id": data["user"].pk if data["user"] else None,
            "date_from": data["date_from"], "date_to": data["date_to"],
            "action": data["action"], "referral_id": data["referral"],
        }
    qs = access_log_filtered(request.user, **filters) if not form.errors else \
        access_log_filtered(request.user).none()
    # Repeated reads of one case by one person in one hour are one line, with their count.
    qs = group_reads(qs)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    since = timezone.localdate() - datetime.timedelta(days=BULK_WINDOW_DAYS)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "privacy/audit_log.html", {
        "form": form,
        "page": page,
        "query_string": query.urlencode(),
        "flags": bulk_viewing(request.user, since=since),
        "events": events_visible_to(request.user)[:20],
        "role_events": role_events_visible_to(request.user)[:20],
        "window_days": BULK_WINDOW_DAYS,
    })
