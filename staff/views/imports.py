"""Upload of the HR system's staff file (functional administrator)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common.access import role_required
from common.imports import job_progress

from ..forms import StaffImportForm
from ..models import StaffImportJob
from ..roles import Role
from ..services.staff_import import staff_import_submit
from ..tasks import process_staff_import


@role_required(Role.ADMIN)
def staff_import_upload(request):
    form = StaffImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.LOB_IMPORT_MAX_BYTES:
            form.add_error("file", _("The file is larger than %(mb)s MB.") % {
                "mb": settings.LOB_IMPORT_MAX_BYTES // (1024 * 1024)})
        elif request.user.college_id is None:
            form.add_error("file", _("Your account does not belong to a college."))
        else:
            job, new = staff_import_submit(
                college_id=request.user.college_id, user=request.user, file_name=upload.name,
                content=upload.read(), full_export=form.cleaned_data["full_export"],
                enqueue=process_staff_import.delay,
            )
            if not new:
                messages.info(request, _("This file is already being imported; this is that import."))
            return redirect("staff:import_status", pk=job.pk)
    jobs = StaffImportJob.objects.filter(college_id=request.user.college_id).select_related(
        "uploaded_by").defer("content")[:10]
    return render(request, "staff/import_upload.html", {"form": form, "jobs": jobs})


@role_required(Role.ADMIN)
def staff_import_status(request, pk: int):
    job = get_object_or_404(StaffImportJob.objects.defer("content"), pk=pk,
                            college_id=request.user.college_id)
    template = "staff/import_progress.html" if request.htmx else "staff/import_status.html"
    return render(request, template, {"job": job, "progress": job_progress(job)})
