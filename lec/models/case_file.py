"""The Diagnose-recept case file of a referral: findings, instrument results, the plan's
actions and notes. Only the LEC lead and the workers on the case read it (lec.selectors)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.choices import choice_display
from common.dates import plausible_date_check, validate_plausible_date
from common.idempotency import submission_token_field, submission_token_once

from .referral import Domain, Referral


class Severity(models.TextChoices):
    MILD = "mild", _("Mild")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")


class Finding(models.Model):
    """Diagnose: what is going on in one life domain."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="findings", verbose_name=_("case"),
    )
    domain = models.CharField(_("life domain"), max_length=20, choices=Domain.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("finding"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(verbose_name=_("recorded on"))
    submission_token = submission_token_field()  # common.idempotency

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["domain", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(domain__in=Domain.values), name="finding_domain_valid"),
            models.CheckConstraint(
                condition=Q(severity__in=Severity.values), name="finding_severity_valid"
            ),
            submission_token_once("created_by", name="finding_submission_token_once"),
        ]

    def __str__(self):
        return f"Finding #{self.pk} ({self.domain}) of referral #{self.referral_id}"


class InstrumentResult(models.Model):
    """Diagnose: an instrument (test, questionnaire) used, its result and what it means."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="instruments", verbose_name=_("case"),
    )
    instrument = models.CharField(_("instrument"), max_length=200)
    administered_on = models.DateField(_("administered on"),
                                       validators=[validate_plausible_date])
    result = models.TextField(_("result"))
    interpretation = models.TextField(_("interpretation"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(verbose_name=_("recorded on"))
    submission_token = submission_token_field()  # common.idempotency

    class Meta:
        verbose_name = _("instrument result")
        verbose_name_plural = _("instrument results")
        ordering = ["administered_on", "pk"]
        constraints = [
            plausible_date_check("administered_on", name="instrument_administered_plausible"),
            submission_token_once("created_by", name="instrument_submission_token_once"),
        ]

    def __str__(self):
        return f"Instrument result #{self.pk} of referral #{self.referral_id}"


class Owner(models.TextChoices):
    # The student first: "niet pamperen maar peperen".
    STUDENT = "student", _("The student")
    CASE_WORKER = "case_worker", _("The LEC case worker")
    COUNSELLOR = "counsellor", _("The career counsellor (first line)")
    PARTNER = "partner", _("The partner involved")


class Partner(models.TextChoices):
    SCHOOL_SOCIAL_WORKER = "school_social_worker", _("School social worker")
    YOUTH_DOCTOR = "youth_doctor", _("Youth doctor")
    TRUANCY_OFFICER = "truancy_officer", _("Truancy officer")
    AMBULANT_SUPPORT = "ambulant_support", _("Ambulant support")
    EXTERNAL_CARE = "external_care", _("External care")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ClosingChoice(models.TextChoices):
    """What becomes of a plan action still open when its case is closed."""

    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled: no longer needed")
    FIRST_LINE = "first_line", _("Handed to the first line (the career counsellor)")


def closing_decision_field(action_id: int) -> str:
    """The name under which the closing form asks, and the service answers about, what
    becomes of one open plan action."""
    return f"open_action_{action_id}"


class PlanAction(models.Model):
    """Recept: one thing to be done, by whom, with which partner, by when, and how it went."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="actions", verbose_name=_("case"),
    )
    description = models.TextField(_("action"))
    owner = models.CharField(_("owner"), max_length=12, choices=Owner.choices)
    partner = models.CharField(_("partner"), max_length=25, choices=Partner.choices, blank=True)
    due_date = models.DateField(_("due date"), validators=[validate_plausible_date])
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    outcome = models.TextField(_("outcome"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(verbose_name=_("recorded on"))
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("completed on"))
    # Who marked it done or cancelled: an LEC worker, or the counsellor for an action of the
    # first line (which they mark done from their follow-ups or the student page).
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("completed by"),
    )
    # Set when the action went to the first line as its case was closed.
    handed_over_at = models.DateTimeField(_("handed to the first line at"), null=True,
                                          blank=True)
    submission_token = submission_token_field()  # common.idempotency

    # Shown on every action of a case (see common/choices.py).
    get_status_display = choice_display("status", ActionStatus)
    get_owner_display = choice_display("owner", Owner)
    get_partner_display = choice_display("partner", Partner)

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(owner__in=Owner.values), name="action_owner_valid"),
            models.CheckConstraint(
                condition=~Q(owner=Owner.PARTNER) | ~Q(partner=""), name="action_partner_owner_named"
            ),
            plausible_date_check("due_date", name="action_due_date_plausible"),
            submission_token_once("created_by", name="action_submission_token_once"),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="action_due_idx")]

    def __str__(self):
        return f"Plan action #{self.pk} of referral #{self.referral_id}"

    @property
    def is_overdue(self) -> bool:
        return self.status == ActionStatus.OPEN and self.due_date < timezone.localdate()


class CaseNote(models.Model):
    """A note in the case file, e.g. what a partner (youth doctor, truancy officer) reported."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case"),
    )
    partner = models.CharField(_("partner"), max_length=25, choices=Partner.choices, blank=True)
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(verbose_name=_("written on"))
    submission_token = submission_token_field()  # common.idempotency

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-created_at", "-pk"]
        constraints = [submission_token_once("author", name="note_submission_token_once")]

    def __str__(self):
        return f"Note #{self.pk} of referral #{self.referral_id}"

