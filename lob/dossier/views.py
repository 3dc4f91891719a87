"""The career dossier: the student's own pages (portal), the staff's page per student, and
the evidence files, served only through `evidence_file`."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.access import portal_role_required, role_required
from common.forms import apply_service_errors
from staff.roles import FIRST_LINE_RECORD_ROLES, FIRST_LINE_ROLES, Role
from students.selectors.access import first_line_student
from students.selectors.portal import portal_student

from . import selectors, services
from .forms import EvidenceForm, ReflectionForm, ResponseForm


def _own_student(request):
    student = portal_student(request.user)
    if student is None:
        raise Http404
    return student


@portal_role_required(Role.STUDENT)
@require_GET
def overview(request):
    """The student's dossier: the five competencies with their progress."""
    student = _own_student(request)
    return render(request, "dossier/overview.html", {
        "student": student, "progress": selectors.competency_progress(student),
    })


@portal_role_required(Role.STUDENT)
def competency(request, competency: str):
    """One competency: the student's reflections, the sessions on it, and a form to write."""
    student = _own_student(request)
    comp = selectors.competency_or_404(competency)
    if request.method == "POST":
        form = ReflectionForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                _reflection, created = services.reflection_write(
                    student=student, competency=comp.value, text=data["text"],
                    shared_with_guardians=data["shared_with_guardians"], file=data["file"],
                    link=data["link"].strip(), submission_token=data["submission_token"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                if created:
                    messages.success(request, _("Your reflection is saved."))
                return redirect("dossier:competency", competency=comp.value)
    else:
        form = ReflectionForm(initial={"submission_token": uuid.uuid4()})
    return render(request, "dossier/competency.html", {
        "student": student, "competency": comp, "form": form,
        "reflections": selectors.reflections_of(student, comp.value),
        "sessions": selectors.competency_sessions(student, comp),
        "evidence_form": EvidenceForm(),
    })


@portal_role_required(Role.STUDENT)
@require_POST
def share(request, pk: int):
    reflection = selectors.reflection_for_student(request.user, pk)
    shared = request.POST.get("shared") == "1"
    services.reflection_share(reflection=reflection, shared=shared)
    messages.success(request, _("Your parents can now read this reflection.") if shared
                     else _("Your parents can no longer read this reflection."))
    return redirect("dossier:competency", competency=reflection.competency)


@portal_role_required(Role.STUDENT)
@require_POST
def evidence_add(request, pk: int):
    reflection = selectors.reflection_for_student(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(reflection=reflection, file=form.cleaned_data["file"],
                                  link=form.cleaned_data["link"].strip())
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("Evidence added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("dossier:competency", competency=reflection.competency)


@portal_role_required(Role.STUDENT)
@require_POST
def evidence_remove(request, pk: int):
    evidence = selectors.evidence_for_user(request.user, pk)
    reflection = selectors.reflection_for_student(request.user, evidence.reflection_id)
    services.evidence_remove(evidence=evidence)
    messages.success(request, _("Evidence removed."))
    return redirect("dossier:competency", competency=reflection.competency)


@portal_role_required(Role.STUDENT, Role.GUARDIAN, *FIRST_LINE_RECORD_ROLES)
@require_GET
def evidence_file(request, pk: int):
    """An evidence file, for who may read its reflection; always as a download, never shown
    inline (its content is the student's, not ours to render)."""
    evidence = selectors.evidence_for_user(request.user, pk)
    if not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.content_type or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@role_required(*FIRST_LINE_RECORD_ROLES)
@require_GET
def student_dossier(request, pk: int):
    """A student's dossier for staff who read their first-line records: progress per
    competency, reflections with evidence, and the responses."""
    student = first_line_student(request.user, pk)
    if student is None:
        raise Http404
    return render(request, "dossier/student.html", {
        "student": student,
        "progress": selectors.competency_progress(student),
        "reflections": selectors.reflections_of(student),
        "can_respond": request.user.has_role(*FIRST_LINE_ROLES),
        "response_form": ResponseForm(initial={"submission_token": uuid.uuid4()}),
    })


@role_required(*FIRST_LINE_ROLES)
@require_POST
def respond(request, pk: int):
    reflection = selectors.reflection_for_staff(request.user, pk)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.response_write(reflection=reflection, author=request.user,
                                    text=form.cleaned_data["text"],
                                    submission_token=form.cleaned_data["submission_token"])
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("Your response is saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    url = reverse("dossier:student", args=[reflection.student_id])
    return redirect(f"{url}#reflection-{reflection.pk}")
