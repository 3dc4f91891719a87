"""One case: its page, and the changes made on it. A referral somebody may not see answers
404 (lec.selectors decides); every change is a POST through lec.services."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from common.forms import apply_service_errors
from common.net import client_ip

from .. import forms, selectors, services
from ..models import CASE_WORK_STATUSES, AccessAction, Eligibility, PlanAction, Status


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _read_case(request, referral) -> selectors.CaseFile | None:
    """The case file (None for a reader of the referral only) and the read's access-log row,
    committed together: no content leaves without its row."""
    user = request.user
    with transaction.atomic():
        case_file = selectors.case_file_for(user, referral)
        services.access_log_record(
            user=user, referral=referral, ip=client_ip(request),
            action=AccessAction.VIEW_REFERRAL if case_file is None else AccessAction.VIEW_CASE,
        )
    return case_file


def _case_context(request, referral, bound: dict | None = None) -> dict:
    user = request.user
    case_file = _read_case(request, referral)
    transitions, feedback = selectors.referral_history(referral)
    may_work = selectors.may_work_on(user, referral)
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
        ctx.update(_case_forms(referral, case_file,
                               manage_team=selectors.may_manage_team(user, referral)))
    for key, form in (bound or {}).items():
        if key == "action_update":
            ctx.setdefault("action_forms", {})[form.action_pk] = form
        else:
            ctx[key] = form
    return ctx


def _token() -> dict:
    # A fresh one-time token for each add form shown (common.idempotency).
    return {"submission_token": uuid.uuid4()}


def _case_forms(referral, case_file: selectors.CaseFile, *, manage_team: bool) -> dict:
    """The empty forms of the changes the case's state allows (who is on the case only for
    the LEC lead and the case worker)."""
    version = {"version": referral.version}
    status = referral.status
    ctx = {}
    if manage_team and status in (Status.TRIAGE, *CASE_WORK_STATUSES):
        workers = selectors.lec_workers_of(referral.college_id)
        ctx["assign_form"] = forms.WorkerForm(initial=version, workers=workers)
        ctx["member_form"] = forms.WorkerForm(initial=version, workers=workers)
    if status == Status.TRIAGE:
        ctx["accept_form"] = forms.AcceptForm(
            initial={**version, "trajectory": referral.eligibility})
        ctx["return_form"] = forms.ReturnForm(initial=version)
    if status in CASE_WORK_STATUSES:
        ctx["finding_form"] = forms.FindingForm(initial=_token())
        ctx["instrument_form"] = forms.InstrumentForm(initial=_token())
        ctx["note_form"] = forms.NoteForm(initial=_token())
        ctx["feedback_form"] = forms.FeedbackForm(initial=_token())
    if status in (Status.PLAN, Status.IN_PROGRESS):
        ctx["action_form"] = forms.PlanActionForm(initial=_token())
        ctx["action_forms"] = {
            a.pk: forms.ActionUpdateForm(
                initial={"version": a.version, "status": a.status, "outcome": a.outcome},
                prefix=f"a{a.pk}",
            )
            for a in case_file.actions
        }
    # The next state the case can be moved on to from this page.
    advance_to = {Status.DIAGNOSIS: Status.PLAN, Status.PLAN: Status.IN_PROGRESS,
                  Status.CLOSED: Status.IN_PROGRESS}.get(status)
    if advance_to:
        ctx["advance_form"] = forms.AdvanceForm(initial={**version, "to_status": advance_to})
    if status == Status.IN_PROGRESS:
        ctx["close_form"] = forms.CloseForm(initial=version)
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
                messages.error(request, error_text(exc))  # about the case: at the top
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
        lambda r, d: services.feedback_add(referral_id=r.pk, user=request.user, **d),
        _("Your feedback is visible to the first line now."),
    )
