"""The LEC's lists: the triage queue (and claiming from it), the cases, the lead's overview
and the access log. They answer 403 to roles they are not for."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import role_required
from common.params import id_param
from common.schoolyear import school_year_start
from staff.roles import LEC_ROLES, Role

from .. import forms, selectors, services
from ..models import CASE_WORK_STATUSES, Outcome, Status
from .case import error_text

PAGE_SIZE = 50


@role_required(*LEC_ROLES)
def queue(request):
    rows = list(selectors.triage_queue(request.user))
    return render(request, "lec/queue.html", {
        "rows": rows,
        "limit": settings.LOB_REFERRAL_TRIAGE_WORKING_DAYS,
        "overdue": sum(1 for r in rows if r.waits_too_long),
        "is_lead": selectors.is_lec_lead(request.user),
    })


@role_required(*LEC_ROLES)
def cases(request):
    user = request.user
    status = request.GET.get("status", "")
    if status not in CASE_WORK_STATUSES and status not in (Status.CLOSED, Status.RETURNED):
        status = ""
    mine = request.GET.get("mine") == "1" or not selectors.is_lec_lead(user)
    worker_id = id_param(request.GET, "worker")
    qs = selectors.case_list(user, status=status, mine=mine, worker_id=worker_id)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "lec/cases.html", {
        "page": page,
        "status": status,
        "mine": mine,
        "statuses": [(s, Status(s).label) for s in (*CASE_WORK_STATUSES, Status.CLOSED,
                                                    Status.RETURNED)],
        "query_string": query.urlencode(),
        "feedback_days": settings.LOB_REFERRAL_FEEDBACK_DAYS,
        "is_lead": selectors.is_lec_lead(user),
    })


@role_required(Role.LEC_LEAD)
def overview(request):
    today = timezone.localdate()
    this_year = school_year_start(today)
    years = [this_year.replace(year=this_year.year - i) for i in range(5)]
    try:
        since = datetime.date.fromisoformat(request.GET.get("since", ""))
    except ValueError:
        since = this_year
    if since not in years:
        since = this_year
    data = selectors.overview(request.user, since=since)
    return render(request, "lec/overview.html", {**data, "since": since, "years": years,
                                                 "is_lead": True,
                                                 "outcome_labels": dict(Outcome.choices)})


@role_required(Role.LEC_LEAD)
def access_log(request):
    user = request.user
    form = forms.AccessLogFilterForm(request.GET or None,
                                     users=selectors.lec_workers_of(user.college_id))
    referral_id = user_id = None
    if form.is_bound and form.is_valid():
        referral_id = form.cleaned_data["referral"]
        user_id = form.cleaned_data["user"].pk if form.cleaned_data["user"] else None
    qs = selectors.access_log_groups(user, referral_id=referral_id, user_id=user_id)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "lec/access_log.html",
                  {"form": form, "page": page, "query_string": query.urlencode(),
                   "is_lead": True})


@require_POST
@login_required
def claim(request, pk: int):
    referral = selectors.referral_for_user(request.user, pk)
    error = None
    try:
        referral = services.referral_claim(referral_id=referral.pk, user=request.user)
    except ValidationError as exc:
        error = error_text(exc)
    if request.htmx:
        return render(request, "lec/_queue_rows.html", {
            "rows": [selectors.queue_row(request.user, pk)], "error": error,
            "claimed": error is None,
        }, status=409 if error else 200)
    if error:
        messages.error(request, error)
        return redirect("lec:queue")
    messages.success(request, _("You claimed the referral of %(name)s. Accept it or return it "
                                "to the first line.") % {"name": referral.student.full_name})
    return redirect("lec:detail", pk)
