"""The care coordinator's pages (their teams' triage, the consultations asked of them) and the
counsellor's request for a consultation before referring."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common.access import role_required
from common.forms import apply_service_errors
from staff.roles import FIRST_LINE_ROLES, Role
from students.selectors import student_for_user

from .. import forms, selectors, services

RECENT_CONSULTATIONS = 20


@role_required(Role.CARE_COORDINATOR)
def coordinator(request):
    """The coordinator's triage view: their teams' referrals waiting for the LEC's decision,
    and the consultations counsellors asked of them."""
    user = request.user
    consultations = selectors.consultations_for(user).select_related(
        "student", "asked_by", "coordinator")
    return render(request, "lec/coordinator.html", {
        "rows": list(selectors.coordinator_triage(user)),
        "waiting": list(consultations.filter(answered_at__isnull=True)
                        .exclude(asked_by_id=user.pk).order_by("asked_at", "pk")),
        "answered": list(consultations.filter(answered_at__isnull=False)
                         .order_by("-answered_at", "-pk")[:RECENT_CONSULTATIONS]),
    })


@role_required(Role.CARE_COORDINATOR)
def coordinator_referral(request, pk: int):
    """One referral of the coordinator's team in triage: as the first line wrote it, its
    status, and the coordinator's advice to the LEC (never the case file)."""
    referral = selectors.coordinator_referral_for(request.user, pk)
    form = forms.TriageAdviceForm(request.POST or None,
                                  initial={"submission_token": uuid.uuid4()})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.triage_advice_add(referral_id=referral.pk, user=request.user,
                                           recommendation=form.cleaned_data["recommendation"],
                                           text=form.cleaned_data["text"],
                                           submission_token=form.cleaned_data["submission_token"])
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    apply_service_errors(form, exc)
                else:
                    messages.error(request, " ".join(exc.messages))
                    return redirect("lec:coordinator_referral", pk)
            else:
                messages.success(request, _("Your advice is with the LEC's triage."))
                return redirect("lec:coordinator_referral", pk)
    return render(request, "lec/coordinator_referral.html", {
        "referral": referral,
        "advice": selectors.triage_advice_of(referral),
        "form": form,
        "in_triage": referral.status in ("submitted", "triage"),
    }, status=400 if form.errors else 200)


@role_required(*FIRST_LINE_ROLES)
def consult(request, student_pk: int):
    """"Overleggen met de zorgcoördinator": ask the team's care coordinator about a student
    before referring."""
    student = student_for_user(request.user, student_pk)
    if not services.may_refer(request.user, student):
        raise PermissionDenied
    coordinators = selectors.coordinators_of(student).exclude(pk=request.user.pk)
    form = forms.ConsultationForm(request.POST or None, coordinators=coordinators,
                                  initial={"submission_token": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_ask(
                user=request.user, student=student, coordinator=form.cleaned_data["coordinator"],
                question=form.cleaned_data["question"],
                submission_token=form.cleaned_data["submission_token"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your question is with %(name)s. You get a notification "
                                        "when they answer.")
                             % {"name": consultation.coordinator.get_full_name()})
            return redirect("lec:consultation", consultation.pk)
    earlier = selectors.consultations_for(request.user).filter(student=student).select_related(
        "coordinator")[:RECENT_CONSULTATIONS]
    return render(request, "lec/consult.html", {
        "student": student, "form": form, "coordinators": coordinators, "earlier": earlier,
    }, status=400 if form.errors else 200)


@role_required(*FIRST_LINE_ROLES)
def consultation(request, pk: int):
    """One consultation: the question, and the answer (or the form to answer it)."""
    item = selectors.consultation_for_user(request.user, pk)
    may_answer = selectors.may_answer(request.user, item)
    form = forms.ConsultationAnswerForm(request.POST or None, initial={"version": item.version})
    if request.method == "POST":
        if not may_answer:
            messages.error(request, _("This consultation is answered already."))
            return redirect("lec:consultation", pk)
        if form.is_valid():
            try:
                services.consultation_answer(consultation_id=item.pk, user=request.user,
                                             answer=form.cleaned_data["answer"],
                                             expected_version=form.cleaned_data["version"])
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    apply_service_errors(form, exc)
                else:
                    messages.error(request, " ".join(exc.messages))
                    return redirect("lec:consultation", pk)
            else:
                messages.success(request, _("Your answer is sent."))
                return redirect("lec:consultation", pk)
    return render(request, "lec/consultation.html", {
        "item": item, "form": form if may_answer else None,
    }, status=400 if form.errors else 200)
