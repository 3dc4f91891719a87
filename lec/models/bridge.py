"""The care coordinator's bridge between a team and the LEC (DESIGN §1): their advice in the
triage of their teams' referrals, and the consultations counsellors ask them for before
referring. Neither holds LEC case-file content: the coordinator never reads the case file."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.idempotency import submission_token_field, submission_token_once
from staff.models import College, Team
from students.models import Student

from .referral import Referral


class TriageRecommendation(models.TextChoices):
    TAKE_ON = "take_on", _("The LEC should take this on")
    IN_TEAM = "in_team", _("The team can handle this (with advice)")
    URGENT = "urgent", _("Urgent: take it on this week")


class TriageAdvice(models.Model):
    """A care coordinator's contribution to the triage of a referral of their team: what the
    team knows and what they recommend. The LEC reads it on the referral; the LEC decides."""

    referral = models.ForeignKey(Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="triage_advice")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT,
                               related_name="+")
    recommendation = models.CharField(_("recommendation"), max_length=10,
                                      choices=TriageRecommendation.choices)
    text = models.TextField(_("advice to the LEC"))
    created_at = models.DateTimeField(_("written at"))
    submission_token = submission_token_field()  # common.idempotency

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("triage advice")
        verbose_name_plural = _("triage advice")
        constraints = [
            models.CheckConstraint(condition=Q(recommendation__in=TriageRecommendation.values),
                                   name="triage_advice_recommendation_valid"),
            submission_token_once("author", name="triage_advice_submission_token_once"),
        ]

    def __str__(self):
        return f"Triage advice #{self.pk} on referral #{self.referral_id}"


class Consultation(models.Model):
    """"Overleggen met de zorgcoördinator": a counsellor asks the team's care coordinator
    about a student before (or instead of) referring; the coordinator answers."""

    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="consultations",
                                verbose_name=_("student"))
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="consultations")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT,
                                 related_name="consultations_asked")
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="consultations_received",
                                    verbose_name=_("care coordinator"))
    question = models.TextField(_("question"))
    asked_at = models.DateTimeField(_("asked at"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    submission_token = submission_token_field()  # common.idempotency

    class Meta:
        ordering = ["-asked_at", "-pk"]
        verbose_name = _("consultation with the care coordinator")
        verbose_name_plural = _("consultations with the care coordinator")
        constraints = [
            submission_token_once("asked_by", name="consultation_submission_token_once"),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="consultation_answered_has_answer",
            ),
        ]
        indexes = [
            models.Index(fields=["coordinator", "answered_at"], name="consultation_inbox_idx"),
            models.Index(fields=["asked_by", "asked_at"], name="consultation_asked_idx"),
        ]

    def __str__(self):
        return f"Consultation #{self.pk} about student #{self.student_id}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
