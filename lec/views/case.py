"""One case: its page, and the changes made on it. A referral somebody may not see answers
404 (lec.selectors decides); every change is a POST through lec.services."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from common.forms import apply_service_errors
from common.net import client_ip

from .. import forms, selectors, services
from ..models import (
    CASE_WORK_STATUSES,
    AccessAction,
    ActionStatus,
    Eligibility,
    PlanAction,
    Status,
)


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
        "history": selectors.case_history(
            referral, transitions, members=case_file.members if case_file else None),
        "feedback": feedback,
        "triage_advice": selectors.triage_advice_of(referral),
        "may_work": may_work,
        "is_lead": selectors.is_lec_lead(user),
        "today": timezone.localdate(),
        "ELIGIBILITY_SHORT": Eligibility.SHORT,
    }
    if may_work and case_file is not None:
        ctx.update(_case_forms(referral, case_file,
                               manage_team=selectors.may_manage_team(user, referral),
                               lead=selectors.is_lec_lead(user)))
    # A form refused just before (see _refused_form) replaces its empty twin, as long as the
    # case still offers it: after someone else's change the page shows what is possible now.
    for key, form in (bound or {}).items():
        if key == "action_update":
            if form.action_pk in ctx.get("action_forms", {}):
                ctx["action_forms"][form.action_pk] = form
        elif key in ctx:
            ctx[key] = form
    # Several of the page's forms have fields of the same name (text, version, worker...):
    # each form's ids are its own, so that a label names, and a click focuses, its own field.
    for key, form in ctx.items():
        if key.endswith("_form"):
            form.auto_id = f"id_{key.removesuffix('_form')}_%s"
    return ctx


def _token() -> dict:
    # A fresh one-time token for each add form shown (common.idempotency).
    return {"submission_token": uuid.uuid4()}


def _case_forms(referral, case_file: selectors.CaseFile, *, manage_team: bool,
                lead: bool) -> dict:
    """The empty forms of the changes the case's state allows (who is on the case only for
    the LEC lead and the case worker; a new referral's worker only for the lead)."""
    version = {"version": referral.version}
    status = referral.status
    ctx = {}
    if lead and status == Status.SUBMITTED:
        ctx["assign_form"] = forms.WorkerForm(initial=version,
                                              workers=selectors.lec_workers_of(referral.college_id))
    if manage_team and status in (Status.TRIAGE, *CASE_WORK_STATUSES):
        workers = selectors.lec_workers_of(referral.college_id)
        ctx["assign_form"] = forms.WorkerForm(initial=version, workers=workers)
        ctx["member_form"] = forms.WorkerForm(initial=version, workers=workers)
        # Both menus offer the same workers: read once, not once per menu (iter(): list() of
        # the choices themselves would ask their len(), a COUNT query).
        offered = list(iter(ctx["assign_form"].fields["worker"].choices))
        for key in ("assign_form", "member_form"):
            ctx[key].fields["worker"].widget.choices = offered
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
        ctx["close_form"] = forms.CloseForm(
            initial=version,
            actions=[a for a in case_file.actions if a.status == ActionStatus.OPEN])
    return ctx


@login_required
def detail(request, pk: int):
    referral = selectors.referral_for_user(request.user, pk)
    return render(request, "lec/detail.html",
                  _case_context(request, referral, _refused_form(request, referral)))


# --- a refused change: Post/Redirect/Get --------------------------------------------------------
# A refused change (a step the case's state does not allow, a field left empty, a stale form)
# redirects to the case page like an accepted one: the address bar never stays on /advance/ or
# /close/ and a reload never posts again. What the user typed and why it was refused travel
# to that one GET in the session (server-side) and are dropped as soon as they are shown.
REFUSED_SESSION_KEY = "lec_refused_form"


def _form_for(key: str, data, referral, action_pk: int | None):
    """The case page's form `key`, bound to `data` (the inverse of `_remember_refusal`)."""
    if key in ("assign_form", "member_form"):
        return forms.WorkerForm(data, workers=selectors.lec_workers_of(referral.college_id))
    if key == "action_update":
        form = forms.ActionUpdateForm(data, prefix=f"a{action_pk}")
        form.action_pk = action_pk
        return form
    if key == "close_form":
        return forms.CloseForm(data, actions=selectors.open_plan_actions(referral))
    return {
        "accept_form": forms.AcceptForm, "return_form": forms.ReturnForm,
        "advance_form": forms.AdvanceForm, "finding_form": forms.FindingForm,
        "instrument_form": forms.InstrumentForm, "action_form": forms.PlanActionForm,
        "note_form": forms.NoteForm, "feedback_form": forms.FeedbackForm,
    }[key](data)


def _remember_refusal(request, pk: int, key: str, form) -> None:
    request.session[REFUSED_SESSION_KEY] = {
        "referral": pk,
        "key": key,
        "action": getattr(form, "action_pk", None),
        "data": {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"},
        "errors": {field: [str(m) for m in msgs] for field, msgs in form.errors.items()},
    }


def _refused_form(request, referral) -> dict:
    """The form refused just before the redirect to this page, bound again to what the user
    typed and carrying its errors (those of the form and those the service gave)."""
    saved = request.session.pop(REFUSED_SESSION_KEY, None)
    if not saved or saved.get("referral") != referral.pk:
        return {}
    data = QueryDict(mutable=True)
    for name, values in saved["data"].items():
        data.setlist(name, values)
    try:
        form = _form_for(saved["key"], data, referral, saved["action"])
    except KeyError:
        return {}
    form.is_valid()
    for field, msgs in saved["errors"].items():
        shown = [str(m) for m in form.errors.get(field, [])]
        for message in msgs:
            if message not in shown and (field == NON_FIELD_ERRORS or field in form.fields):
                form.add_error(None if field == NON_FIELD_ERRORS else field, message)
    _refresh_version(form, referral)
    return {saved["key"]: form}


def _refresh_version(form, referral) -> None:
    """After a refusal the form is shown again with the current version: the user has seen
    what changed and may deliberately submit again."""
    if "version" in form.fields:
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(referral.version)


def _case_post(request, pk, form, key, call, success):
    """Validate `form`, call the service, redirect to the case; on refusal redirect too, the
    message at the field (or at the top) and the typed input shown by the case page's GET."""
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
    _remember_refusal(request, pk, key, form)
    if request.htmx:
        return HttpResponseClientRedirect(reverse("lec:detail", args=[pk]))
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
    referral = selectors.referral_for_user(request.user, pk, write=True)
    form = forms.CloseForm(request.POST, actions=selectors.open_plan_actions(referral))
    return _case_post(
        request, pk, form, "close_form",
        lambda r, d: services.referral_close(referral_id=r.pk, user=request.user,
                                             outcome=d["outcome"], feedback=d["feedback"],
                                             expected_version=d["version"],
                                             action_decisions=form.action_decisions()),
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
