"""Upload of the student information system's CSV exports (admin role): students and absences,
the column templates, and the students a full export left out."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common.access import role_required
from common.imports import job_progress
from staff.roles import Role

from .forms import StudentImportForm
from .importer import submit
from .importer.absences import ABSENCE_COLUMNS, ABSENCE_TEMPLATE_FILENAME
from .importer.columns import COLUMNS, TEMPLATE_FILENAME
from .models import ImportJob, Student
from .tasks import process_import

TEMPLATES = {
    "students": (COLUMNS, TEMPLATE_FILENAME),
    "absences": (ABSENCE_COLUMNS, ABSENCE_TEMPLATE_FILENAME),
}
MISSING_PAGE_SIZE = 50


@role_required(Role.ADMIN)
def import_upload(request):
    form = StudentImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.LOB_IMPORT_MAX_BYTES:
            form.add_error("file", _("The file is larger than %(mb)s MB.") % {"mb": settings.LOB_IMPORT_MAX_BYTES // (1024 * 1024)})
        elif request.user.college_id is None:
            form.add_error("file", _("Your account does not belong to a college."))
        else:
            kind = form.cleaned_data["kind"] or "students"
            job, new = submit(college_id=request.user.college_id, user=request.user,
                              file_name=upload.name, content=upload.read(),
                              enqueue=process_import.delay, kind=kind,
                              full_export=kind == "students" and form.cleaned_data["full_export"])
            if not new:
                messages.info(request, _("This file is already being imported; this is that import."))
            return redirect("students:import_status", pk=job.pk)
    jobs = ImportJob.objects.filter(college_id=request.user.college_id).select_related(
        "uploaded_by"
    ).defer("content")[:10]
    missing = Student.objects.filter(
        college_id=request.user.college_id, missing_from_export_since__isnull=False
    ).count()
    return render(request, "students/import_upload.html", {
        "form": form, "jobs": jobs, "columns": COLUMNS, "absence_columns": ABSENCE_COLUMNS,
        "missing": missing,
    })


@role_required(Role.ADMIN)
def import_template(request, kind: str):
    """The column template (semicolons, BOM): the same list the importer reads."""
    if kind not in TEMPLATES:
        raise Http404
    columns, filename = TEMPLATES[kind]
    return columns.template_response(filename)


@role_required(Role.ADMIN)
def import_status(request, pk: int):
    job = get_object_or_404(
        ImportJob.objects.defer("content"), pk=pk, college_id=request.user.college_id
    )
    template = "students/import_progress.html" if request.htmx else "students/import_status.html"
    return render(request, template, {"job": job, "progress": job_progress(job)})


@role_required(Role.ADMIN)
def import_missing(request):
    """Active students a full export did not list, longest missing first: the administrator
    finds out whether they left (and sets status and end date through the next import)."""
    students = Student.objects.filter(
        college_id=request.user.college_id, missing_from_export_since__isnull=False,
    ).select_related("programme__team").order_by("missing_from_export_since", "last_name", "pk")
    page = Paginator(students, MISSING_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "students/import_missing.html", {"page": page})
