"""The career dossier: per career competency a student's reflections, each with evidence (a
stored file or a link) and the counsellor's responses."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from students.models import Competency, Student

REFLECTION_MAX_LENGTH = 3000
RESPONSE_MAX_LENGTH = 2000


def dossier_storage():
    """The private storage of evidence files (settings.STORAGES["dossier"]): no public URL."""
    return storages["dossier"]


def evidence_path(instance, filename: str) -> str:
    """A random name under the student's folder: the original name is kept in the row only
    (it may say more than it should, and must not steer where the file lands)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{instance.reflection.student_id}/{uuid.uuid4().hex}.{extension}"


class Reflection(models.Model):
    """What a student writes about one career competency."""

    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="reflections", verbose_name=_("student")
    )
    competency = models.CharField(_("career competency"), max_length=20,
                                  choices=Competency.choices)
    text = models.TextField(_("reflection"), max_length=REFLECTION_MAX_LENGTH)
    # The student's choice: their parents or guardians may read this reflection (h17a's guardian
    # view reads it through selectors.reflections_shared_with_guardians).
    shared_with_guardians = models.BooleanField(_("shared with my parents"), default=False)
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # The write form's one-time token (common.idempotency): a double submit writes one.
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        constraints = [
            models.CheckConstraint(condition=Q(competency__in=Competency.values),
                                   name="reflection_competency_valid"),
            models.UniqueConstraint(
                fields=["student", "submission_token"],
                condition=Q(submission_token__isnull=False),
                name="reflection_submission_token_once",
            ),
        ]
        indexes = [
            models.Index(fields=["student", "competency"], name="reflection_student_comp_idx"),
        ]

    def __str__(self):
        return f"{self.get_competency_display()} ({self.created_at:%Y-%m-%d})"


class Evidence(models.Model):
    """Proof beside a reflection: a file (kept in the private dossier storage) or a link."""

    reflection = models.ForeignKey(
        Reflection, verbose_name=_("reflection"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, storage=dossier_storage,
                            blank=True, max_length=200)
    original_name = models.CharField(_("file name"), max_length=150, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    link = models.URLField(_("link"), blank=True, max_length=500)
    created_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="evidence_file_or_link",
            ),
        ]

    def __str__(self):
        return self.original_name or self.link

    @property
    def is_file(self) -> bool:
        return bool(self.file)


def evidence_file_removed(sender, instance: Evidence, **kwargs) -> None:
    """After the commit that removed the row, remove its file (a rollback keeps both)."""
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))


class Response(models.Model):
    """A counsellor's answer to a reflection."""

    reflection = models.ForeignKey(
        Reflection, verbose_name=_("reflection"), on_delete=models.CASCADE, related_name="responses"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("counsellor"))
    text = models.TextField(_("response"), max_length=RESPONSE_MAX_LENGTH)
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("counsellor's response")
        verbose_name_plural = _("counsellor's responses")
        constraints = [
            # The staff page's one token serves every reflection on it: once per reflection.
            models.UniqueConstraint(
                fields=["reflection", "author", "submission_token"],
                condition=Q(submission_token__isnull=False),
                name="dossier_response_token_once",
            ),
        ]

    def __str__(self):
        return self.text[:50]
