"""What the LEC writes back to the first line."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.idempotency import submission_token_field, submission_token_once

from .referral import Referral


class FeedbackKind(models.TextChoices):
    RETURNED = "returned", _("Not taken on: advice")
    PROGRESS = "progress", _("Progress")
    CLOSURE = "closure", _("Closure")


class Feedback(models.Model):
    """Terugkoppeling: written for the referring counsellor and the care coordinator, without
    the sensitive detail of the case file. This is what the first line sees."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("case"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FeedbackKind.choices)
    text = models.TextField(_("feedback to the first line"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(verbose_name=_("given on"))
    # The interim feedback form's one-time token (common.idempotency); NULL for feedback
    # written as part of a return or a closure, which their version check guards.
    submission_token = submission_token_field()

    class Meta:
        verbose_name_plural = _("feedback items")
        ordering = ["created_at", "pk"]
        verbose_name = _("feedback")
        constraints = [submission_token_once("author", name="feedback_submission_token_once")]

    def __str__(self):
        return f"Feedback #{self.pk} on referral #{self.referral_id}"

