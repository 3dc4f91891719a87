"""Objects of the students app in the shared test world."""

from students.models import ImportJob


def extend(w):
    w.import_job = ImportJob.objects.create(
        college=w.college, uploaded_by=w.admin, file_name="export.csv", content=b"",
        status=ImportJob.Status.DONE, total_rows=1, processed_rows=1, created_count=1,
    )
