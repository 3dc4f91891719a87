"""LEC pages. Lists answer 403 to roles they are not for; a referral somebody may not see
answers 404 (lec.selectors decides). Every state change is a POST through lec.services."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from common.access import role_required
from common.forms import apply_service_errors
from common.schoolyear import school_year_start
from lob.jinja2 import render_rows
from staff.roles import LEC_ROLES, REFERRER_ROLES, Role
from students.selectors import student_for_user

from . import forms, selectors, services
from .models import (
    ADULT_AGE,
    CASE_WORK_STATUSES,
    Eligibility,
    Outcome,
    PlanAction,
    Status,
    eligibility_on,
)

PAGE_SIZE = 50


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- referring -------------------------------------------------------------------------------


@role_required(*REFERRER_ROLES)
def refer(request, student_pk: int):
    student = student_for_user(request.user, student_pk)
    if not services.may_refer(request.user, student):
        return render(request, "403.html", status=403)
    lec_staff = selectors.is_lec_staff(request.user)
    open_referral = selectors.open_referral_for(student)
    form = forms.ReferralForm(request.POST or None, lec_staff=lec_staff)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.referral_create(
                    user=request.user,
                    student=student,
                    reason=data["reason"],
                    concern_domains=data["concern_domains"],
                    urgency=data["urgency"],
                    tried=data["tried"],
                    student_knows=data["student_knows"],
                    student_agrees=data["student_agrees"],
                    source=data.get("source", ""),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s is referred to the LEC. The referral is in "
                                            "the LEC's triage queue now.")
                                 % {"name": student.full_name})
                return redirect("students:detail", student.pk)
        status = 400
    return render(
        request,
        "lec/refer.html",
        {"student": student, "form": form, "open_referral": open_referral,
         "eligibility": _eligibility_now(student)},
        status=status,
    )


def _eligibility_now(student) -> dict:
    today = timezone.localdate()
    return {
        "age": student.age_on(today),
        "adult_age": ADULT_AGE,
        "value": eligibility_on(date_of_birth=student.date_of_birth,
                                has_start_qualification=student.has_start_qualification,
                                on=today),
    }


# --- the LEC's lists -----------------------------------------------------------------------------


@role_required(*LEC_ROLES)
def queue(request):
    rows = selectors.triage_queue(request.user)
    return render(request, "lec/queue.html", {
        "rows": rows,
        "rows_html": render_rows(request, "lec/queue_rows.html",
                                 {"rows": rows, "user": request.user}),
        "limit": settings.LOB_REFERRAL_TRIAGE_WORKING_DAYS,
        "overdue": sum(1 for r in rows if r.overdue),
        "is_lead": selectors.is_lec_lead(request.user),
    })


@role_required(*LEC_ROLES)
def cases(request):
    user = request.user
    status = request.GET.get("status", "")
    if status not in CASE_WORK_STATUSES and status not in (Status.CLOSED, Status.RETURNED):
        status = ""
    mine = request.GET.get("mine") == "1" or not selectors.is_lec_lead(user)
    worker = request.GET.get("worker", "")
    worker_id = int(worker) if worker.isdigit() else None
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
    qs = selectors.access_log_list(user, referral_id=referral_id, user_id=user_id)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "lec/access_log.html",
                  {"form": form, "page": page, "query_string": query.urlencode(),
                   "is_lead": True})


# --- one case ---------------------------------------------------------------------------------


def _case_context(request, referral, bound: dict | None = None) -> dict:
    user = request.user
    case_file = selectors.case_file_for(user, referral, request=request)
    if case_file is None:
        selectors.referral_read_logged(user, referral, request=request)
    transitions, feedback = selectors.referral_history(referral)
    version = {"version": referral.version}
    may_work = selectors.may_work_on(user, referral)
    workers = selectors.lec_workers_of(referral.college_id)
    ctx = {
        "referral": referral,
        "case_file": case_file,
        "transitions": transitions,
        "feedback": feedback,
        "may_work": may_work,
        "is_lead": selectors.is_lec_lead(user),
        "today": timezone.localdate(),
        "ELIGIBILITY_SHORT": Eligibility.SHORT,
    }
    if may_work and case_file is not None:
        status = referral.status
        if status in (Status.TRIAGE, *CASE_WORK_STATUSES):
            ctx["assign_form"] = forms.WorkerForm(initial=version, workers=workers)
            ctx["member_form"] = forms.WorkerForm(initial=version, workers=workers)
        if status == Status.TRIAGE:
            trajectory = referral.eligibility
            ctx["accept_form"] = forms.AcceptForm(initial={**version, "trajectory": trajectory})
            ctx["return_form"] = forms.ReturnForm(initial=version)
        if status in CASE_WORK_STATUSES:
            ctx["finding_form"] = forms.FindingForm()
            ctx["instrument_form"] = forms.InstrumentForm()
            ctx["note_form"] = forms.NoteForm()
            ctx["feedback_form"] = forms.FeedbackForm()
        if status == Status.DIAGNOSIS:
            ctx["advance_form"] = forms.AdvanceForm(initial={**version, "to_status": Status.PLAN})
        if status in (Status.PLAN, Status.IN_PROGRESS):
            ctx["action_form"] = forms.PlanActionForm()
            ctx["action_forms"] = {
                a.pk: forms.ActionUpdateForm(
                    initial={"version": a.version, "status": a.status, "outcome": a.outcome},
                    prefix=f"a{a.pk}",
                )
                for a in case_file.actions
            }
        if status == Status.PLAN:
            ctx["advance_form"] = forms.AdvanceForm(
                initial={**version, "to_status": Status.IN_PROGRESS})
        if status == Status.IN_PROGRESS:
            ctx["close_form"] = forms.CloseForm(initial=version)
        if status == Status.CLOSED:
            ctx["advance_form"] = forms.AdvanceForm(
                initial={**version, "to_status": Status.IN_PROGRESS})
    for key, form in (bound or {}).items():
        if key == "action_update":
            ctx.setdefault("action_forms", {})[form.action_pk] = form
        else:
            ctx[key] = form
    return ctx


@login_required
def detail(request, pk: int):
    referral = selectors.referral_for_user(request.user, pk)
    return render(request, "lec/detail.html", _case_context(request, referral))


def _refresh_version(form, referral) -> None:
    """After a refusal the form is shown again with the current version: the user has seen
    what changed and may deliberately submit again."""
    if "version" in form.fields:
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(referral.version)


def _case_post(request, pk, form, key, call, success):
    """Validate `form`, call the service, redirect; on refusal show the case again with the
    message at the field (or at the top) and status 400."""
    referral = selectors.referral_for_user(request.user, pk, write=True)
    if form.is_valid():
        try:
            call(referral, form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                apply_service_errors(form, exc)  # at the fields
            else:
                messages.error(request, _error_text(exc))  # about the case: at the top
        else:
            messages.success(request, success)
            if request.htmx:
                return HttpResponseClientRedirect(reverse("lec:detail", args=[pk]))
            return redirect("lec:detail", pk)
    referral = selectors.referral_for_user(request.user, pk)  # fresh state after a refusal
    _refresh_version(form, referral)
    return render(request, "lec/detail.html", _case_context(request, referral, {key: form}),
                  status=400)


@require_POST
@login_required
def claim(request, pk: int):
    referral = selectors.referral_for_user(request.user, pk)
    error = None
    try:
        referral = services.referral_claim(referral_id=referral.pk, user=request.user)
    except ValidationError as exc:
        error = _error_text(exc)
    if request.htmx:
        html = render_rows(request, "lec/queue_rows.html", {
            "rows": [selectors.queue_row(request.user, pk)], "user": request.user,
            "error": error, "claimed": error is None,
        })
        return HttpResponse(html, status=409 if error else 200)
    if error:
        messages.error(request, error)
        return redirect("lec:queue")
    messages.success(request, _("You claimed the referral of %(name)s. Accept it or return it "
                                "to the first line.") % {"name": referral.student.full_name})
    return redirect("lec:detail", pk)


@require_POST
@login_required
def assign(request, pk: int):
    referral = selectors.referral_for_user(request.user, pk, write=True)
    form = forms.WorkerForm(request.POST, workers=selectors.lec_workers_of(referral.college_id))
    return _case_post(
        request, pk, form, "assign_form",
        lambda r, d: services.referral_assign(referral_id=r.pk, user=request.user,
                                              worker=d["worker"], expected_version=d["version"]),
        _("The case worker is changed."),
    )


@require_POST
@login_required
def member_add(request, pk: int):
    referral = selectors.referral_for_user(request.user, pk, write=True)
    form = forms.WorkerForm(request.POST, workers=selectors.lec_workers_of(referral.college_id))
    return _case_post(
        request, pk, form, "member_form",
        lambda r, d: services.case_member_add(referral_id=r.pk, user=request.user,
                                              worker=d["worker"], expected_version=d["version"]),
        _("The worker is added to the case."),
    )


@require_POST
@login_required
def accept(request, pk: int):
    return _case_post(
        request, pk, forms.AcceptForm(request.POST), "accept_form",
        lambda r, d: services.referral_accept(
            referral_id=r.pk, user=request.user, trajectory=d["trajectory"],
            justification=d["justification"], expected_version=d["version"]),
        _("The case is accepted. Start the diagnosis: what is going on?"),
    )


@require_POST
@login_required
def return_to_first_line(request, pk: int):
    return _case_post(
        request, pk, forms.ReturnForm(request.POST), "return_form",
        lambda r, d: services.referral_return(referral_id=r.pk, user=request.user,
                                              feedback=d["feedback"],
                                              expected_version=d["version"]),
        _("The referral is returned to the first line with your advice."),
    )


@require_POST
@login_required
def advance(request, pk: int):
    form = forms.AdvanceForm(request.POST)
    return _case_post(
        request, pk, form, "advance_form",
        lambda r, d: services.referral_advance(
            referral_id=r.pk, user=request.user, to_status=d["to_status"],
            expected_version=d["version"], evaluation_date=d["evaluation_date"]),
        _("The case moved on."),
    )


@require_POST
@login_required
def close(request, pk: int):
    return _case_post(
        request, pk, forms.CloseForm(request.POST), "close_form",
        lambda r, d: services.referral_close(referral_id=r.pk, user=request.user,
                                             outcome=d["outcome"], feedback=d["feedback"],
                                             expected_version=d["version"]),
        _("The case is closed and the first line has your feedback."),
    )


def _case_file_post(request, pk, form, key, call, success):
    referral = selectors.referral_for_user(request.user, pk, write=True)
    if not selectors.may_read_case_file(request.user, referral):
        raise Http404
    return _case_post(request, pk, form, key, call, success)


@require_POST
@login_required
def finding_add(request, pk: int):
    return _case_file_post(
        request, pk, forms.FindingForm(request.POST), "finding_form",
        lambda r, d: services.finding_add(referral_id=r.pk, user=request.user, **d),
        _("The finding is recorded."),
    )


@require_POST
@login_required
def instrument_add(request, pk: int):
    return _case_file_post(
        request, pk, forms.InstrumentForm(request.POST), "instrument_form",
        lambda r, d: services.instrument_add(referral_id=r.pk, user=request.user, **d),
        _("The instrument result is recorded."),
    )


@require_POST
@login_required
def action_add(request, pk: int):
    return _case_file_post(
        request, pk, forms.PlanActionForm(request.POST), "action_form",
        lambda r, d: services.plan_action_add(referral_id=r.pk, user=request.user, **d),
        _("The action is added to the plan."),
    )


@require_POST
@login_required
def action_update(request, pk: int):
    action = get_object_or_404(PlanAction.objects.only("pk", "referral_id"), pk=pk)
    referral_pk = action.referral_id
    form = forms.ActionUpdateForm(request.POST, prefix=f"a{pk}")
    form.action_pk = pk
    return _case_file_post(
        request, referral_pk, form, "action_update",
        lambda r, d: services.plan_action_update(action_id=pk, user=request.user,
                                                 status=d["status"], outcome=d["outcome"],
                                                 expected_version=d["version"]),
        _("The action is updated."),
    )


@require_POST
@login_required
def note_add(request, pk: int):
    return _case_file_post(
        request, pk, forms.NoteForm(request.POST), "note_form",
        lambda r, d: services.case_note_add(referral_id=r.pk, user=request.user, **d),
        _("The note is added to the case file."),
    )


@require_POST
@login_required
def feedback_add(request, pk: int):
    return _case_file_post(
        request, pk, forms.FeedbackForm(request.POST), "feedback_form",
        lambda r, d: services.feedback_add(referral_id=r.pk, user=request.user, text=d["text"]),
        _("Your feedback is visible to the first line now."),
    )
