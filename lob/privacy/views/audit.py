"""Audit review for the privacy officer and the LEC lead: who read which LEC case, and which
exports, erasures and corrections were made; days of unusual bulk reading are flagged."""

import datetime

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.access import role_required
from common.csv_export import csv_stream_response
from lec.models import AccessAction
from lec.selectors import group_reads
from staff.roles import ACCESS_AUDIT_ROLES

from ..forms import AuditFilterForm
from ..selectors import (
    access_log_filtered,
    access_log_readers,
    bulk_viewing,
    events_visible_to,
    role_events_visible_to,
)

BULK_WINDOW_DAYS = 30


def _filtered_log(request):
    """The audit filter form and the access log it selects (nothing when the filter is bad):
    the same for the page and its CSV export."""
    form = AuditFilterForm(request.GET or None, users=access_log_readers(request.user),
                           actions=AccessAction.choices)
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
    return form, qs


@role_required(*ACCESS_AUDIT_ROLES)
def audit_log(request):
    form, qs = _filtered_log(request)
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


@role_required(*ACCESS_AUDIT_ROLES)
def audit_log_export(request):
    """The access log as on the page (same filter), as a CSV file for the privacy officer."""
    form, qs = _filtered_log(request)
    header = [_("When"), _("Staff member"), _("E-mail address"), _("Action"),
              _("Referral number"), _("Student number")]
    rows = ([date_format(timezone.localtime(row.at), "DATETIME_FORMAT"), row.user.get_full_name(),
             row.user.email, row.get_action_display(), row.referral_id,
             row.referral.student.student_number]
            for row in qs.iterator(chunk_size=2000))
    stamp = timezone.localdate().isoformat()
    return csv_stream_response(f"lec-toegangslog-{stamp}.csv", header, rows)
