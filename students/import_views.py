"""Upload of the student information system's CSV export (admin role)."""

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common.access import role_required
from common.tasks import QUEUE_UNAVAILABLE, enqueue
from staff.roles import Role

from .forms import StudentImportForm
from .models import ImportJob
from .tasks import process_import


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
            with transaction.atomic():
                job = ImportJob.objects.create(
                    college_id=request.user.college_id,
                    uploaded_by=request.user,
                    file_name=upload.name[:255],
                    content=upload.read(),
                )
            # Queued after the commit; a broker that is down leaves no job waiting forever
            # (issue 15, R8): the job is removed and the page says nothing was started.
            if enqueue(process_import, job.pk):
                return redirect("students:import_status", pk=job.pk)
            job.delete()
            form.add_error(None, QUEUE_UNAVAILABLE)
    jobs = ImportJob.objects.filter(college_id=request.user.college_id).select_related(
        "uploaded_by"
    ).defer("content")[:10]
    return render(request, "students/import_upload.html", {"form": form, "jobs": jobs})


@role_required(Role.ADMIN)
def import_status(request, pk: int):
    job = get_object_or_404(
        ImportJob.objects.defer("content"), pk=pk, college_id=request.user.college_id
    )
    template = "students/import_progress.html" if request.htmx else "students/import_status.html"
    return render(request, template, {"job": job})
