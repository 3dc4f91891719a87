"""One student's privacy page: export, and requests for erasure or correction."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import role_required
from common.forms import apply_service_errors
from common.net import client_ip
from staff.roles import SUBJECT_EXPORT_ROLES, Role
from students.selectors import student_for_user

from .. import document, export, services, twofactor
from ..forms import (
    CorrectionForm,
    ErasureForm,
    ExportForm,
    RefuseForm,
    RequestForm,
    VersionForm,
)
from ..graph import subject_ref
from ..models import PrivacyRequest, RequestKind
from ..selectors import erasures_awaiting_lec, request_for_user, requests_visible_to
from .twofactor import reauth_redirect


@role_required(*SUBJECT_EXPORT_ROLES)
def student_privacy(request, pk: int):
    student = student_for_user(request.user, pk)
    if not twofactor.reauth_is_fresh(request):
        return reauth_redirect(request, request.get_full_path())
    is_admin = request.user.has_role(Role.ADMIN)
    requests = (PrivacyRequest.objects.filter(student=student).select_related("recorded_by")
                if is_admin else PrivacyRequest.objects.none())
    return render(request, "privacy/student.html", {
        "student": student,
        "subject_ref": subject_ref(student.pk),
        "requests": requests,
        "awaiting_lec": erasures_awaiting_lec(request.user).filter(student=student),
        "is_admin": is_admin,
        "request_form": RequestForm(initial={"received_on": timezone.localdate()}) if is_admin else None,
    })


@require_POST
@role_required(*SUBJECT_EXPORT_ROLES)
def student_export(request, pk: int):
    student = student_for_user(request.user, pk)
    back = reverse("privacy:student", args=[student.pk])
    if not twofactor.reauth_is_fresh(request):
        return reauth_redirect(request, back)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.get("format", [""])[0] or "")
        return redirect(back)
    fmt = form.cleaned_data["format"]
    data = services.student_export(student=student, user=request.user, fmt=fmt, ip=client_ip(request))
    if fmt == "json":
        body = json.dumps(export.as_json(data, user=request.user, student=student),
                          ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        filename = f"lob-export-{subject_ref(student.pk)}-{timezone.localdate():%Y%m%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(request, "privacy/export.html", {
        "student": student, "document": document.document(data, student),
        "subject_ref": subject_ref(student.pk), "generated_at": timezone.now(),
    })


@require_POST
@role_required(Role.ADMIN)
def request_create(request, pk: int):
    student = student_for_user(request.user, pk)
    form = RequestForm(request.POST)
    if form.is_valid():
        try:
            created = services.privacy_request_record(
                student=student, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The request has been recorded."))
            return redirect("privacy:request", pk=created.pk)
    requests = PrivacyRequest.objects.filter(student=student).select_related("recorded_by")
    return render(request, "privacy/student.html", {
        "student": student, "subject_ref": subject_ref(student.pk), "requests": requests,
        "is_admin": True, "request_form": form,
    }, status=400)


@role_required(Role.ADMIN, Role.PRIVACY_OFFICER)
def request_list(request):
    qs = requests_visible_to(request.user).select_related("recorded_by", "decided_by")
    status = request.GET.get("status", "")
    if status in PrivacyRequest.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "privacy/request_list.html",
                  {"page": page, "status": status, "statuses": PrivacyRequest.Status.choices,
                   "query_string": f"status={status}" if status else ""})


def _request_page(request, obj, *, erasure_form=None, correction_form=None, refuse_form=None,
                  status=200):
    can_act = obj.is_open and request.user.has_role(Role.ADMIN) and obj.student is not None
    version = {"version": obj.version}
    context = {"obj": obj, "can_act": can_act,
               "waits_for_lec": can_act and obj.kind == RequestKind.ERASURE
               and obj.lec_confirmed_at is None and services.has_open_lec_case(obj.student_id)}
    if can_act:
        if obj.kind == RequestKind.ERASURE:
            context["erasure_form"] = erasure_form or ErasureForm(initial=version)
        else:
            student = obj.student
            context["correction_form"] = correction_form or CorrectionForm(initial={
                **version, "first_name": student.first_name, "last_name": student.last_name,
                "date_of_birth": student.date_of_birth})
        context["refuse_form"] = refuse_form or RefuseForm(initial=version)
    return render(request, "privacy/request_detail.html", context, status=status)


@role_required(Role.ADMIN, Role.PRIVACY_OFFICER)
def request_detail(request, pk: int):
    obj = request_for_user(request.user, pk)
    if obj.is_open and obj.student is not None and request.user.has_role(Role.ADMIN) \
            and not twofactor.reauth_is_fresh(request):
        return reauth_redirect(request, request.get_full_path())
    return _request_page(request, obj)


@require_POST
@role_required(Role.ADMIN)
def request_erase(request, pk: int):
    obj = request_for_user(request.user, pk, write=True)
    back = reverse("privacy:request", args=[obj.pk])
    if not twofactor.reauth_is_fresh(request):
        return reauth_redirect(request, back)
    form = ErasureForm(request.POST)
    if form.is_valid():
        try:
            services.erasure_carry_out(
                request_id=obj.pk, user=request.user, confirm_number=form.cleaned_data["confirm"],
                expected_version=form.cleaned_data["version"], ip=client_ip(request))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The student's data has been erased."))
            return redirect(back)
    return _request_page(request, obj, erasure_form=form, status=400)


@require_POST
@role_required(Role.ADMIN)
def request_correct(request, pk: int):
    obj = request_for_user(request.user, pk, write=True)
    back = reverse("privacy:request", args=[obj.pk])
    if not twofactor.reauth_is_fresh(request):
        return reauth_redirect(request, back)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.correction_carry_out(
                request_id=obj.pk, user=request.user, first_name=data["first_name"],
                last_name=data["last_name"], date_of_birth=data["date_of_birth"],
                decision_note=data["decision_note"], expected_version=data["version"],
                ip=client_ip(request))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The correction has been made."))
            return redirect(back)
    return _request_page(request, obj, correction_form=form, status=400)


@require_POST
@role_required(Role.ADMIN)
def request_refuse(request, pk: int):
    obj = request_for_user(request.user, pk, write=True)
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.privacy_request_refuse(
                request_id=obj.pk, user=request.user,
                decision_note=form.cleaned_data["decision_note"],
                expected_version=form.cleaned_data["version"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The request has been refused."))
            return redirect("privacy:request", pk=obj.pk)
    return _request_page(request, obj, refuse_form=form, status=400)


@require_POST
@role_required(Role.LEC_LEAD)
def request_lec_confirm(request, pk: int):
    """The LEC lead confirms an erasure of a student whose LEC case is still open."""
    obj = erasures_awaiting_lec(request.user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    back = reverse("privacy:student", args=[obj.student_id])
    if not twofactor.reauth_is_fresh(request):
        return reauth_redirect(request, back)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.erasure_lec_confirm(request_id=obj.pk, user=request.user,
                                         expected_version=form.cleaned_data["version"],
                                         ip=client_ip(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("You confirmed the erasure. The administrator can now "
                                        "carry it out."))
    else:
        messages.error(request, _("The form was incomplete. Nothing was saved."))
    return redirect(back)
