"""One upload of the HR system's staff file, processed by a task (staff/importer.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.imports import message_text

from .organisation import College


class StaffImportJob(models.Model):
    """The raw file is kept only until it is processed (it holds personal data)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Checking and importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Refused")

    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="staff_import_jobs")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    content = models.BinaryField(editable=False)
    # SHA-256 of the uploaded bytes: the same file uploaded twice is one job while it runs.
    content_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    # The file lists every member of staff: accounts of the college missing from it are
    # switched off.
    full_export = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    # What the import did: counts (created, updated, deactivated, reactivated, revoked) and the
    # care-data roles it asked for ([line, e-mail, role]).
    summary = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("staff import")
        verbose_name_plural = _("staff imports")
        constraints = [
            models.UniqueConstraint(
                fields=["college", "content_hash"],
                condition=Q(status__in=["pending", "running"]) & ~Q(content_hash=""),
                name="staff_import_one_active_per_file",
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def error_rows(self) -> list[tuple[int | None, list[str]]]:
        """(line, messages) per reported row, in the reader's language."""
        return [(error.get("line"), [message_text(m) for m in error.get("messages", [])])
                for error in self.errors]
