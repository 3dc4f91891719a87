"""The access log: one append-only row per read of LEC content."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .referral import Referral


class AccessAction(models.TextChoices):
    VIEW_REFERRAL = "view_referral", _("Read the referral (triage)")
    VIEW_CASE = "view_case", _("Read the case file")


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The access log cannot be changed.")

    def delete(self):
        raise PermissionError("The access log cannot be deleted.")


class AccessLog(models.Model):
    """One read of LEC content. Written in the same transaction as the read; never changed
    (the model refuses it, and on PostgreSQL a trigger refuses UPDATE and DELETE too)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("staff member"),
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="access_log", verbose_name=_("case"),
    )
    action = models.CharField(max_length=20, choices=AccessAction.choices, verbose_name=_("action"))
    at = models.DateTimeField(verbose_name=_("time"))
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("access log entries")
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        indexes = [
            models.Index(fields=["referral", "at"], name="accesslog_referral_idx"),
            models.Index(fields=["user", "at"], name="accesslog_user_idx"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.action} #{self.referral_id} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The access log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log cannot be deleted.")
