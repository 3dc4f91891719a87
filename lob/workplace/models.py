"""Companies, placements (BPV: a BOL internship or a BBL job), visits and the praktijkopleider's
reports, asked for through a one-time link."""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import plausible_date_check, validate_plausible_date
from staff.models import College
from students.models import GuidanceSession, Student


class Company(models.Model):
    """A company where students learn at work (a "leerbedrijf")."""

    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="companies")
    name = models.CharField(_("name"), max_length=200)
    kvk_number = models.CharField(
        _("KvK number"), max_length=8, blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("A KvK number has eight digits."))],
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.UniqueConstraint(
                fields=["college", "kvk_number"], condition=~Q(kvk_number=""),
                name="company_kvk_unique_per_college",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.city})" if self.city else self.name


class PlacementKind(models.TextChoices):
    BOL_INTERNSHIP = "bol_internship", _("BOL internship")
    BBL_JOB = "bbl_job", _("BBL job")


class PlacementQuerySet(models.QuerySet):
    def current(self, day: datetime.date | None = None):
        day = day or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)


class Placement(models.Model):
    """A student's place at a company for a period. A change (another company, another
    praktijkopleider) is a new placement: the earlier ones stay as the history."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="placements",
                                verbose_name=_("student"))
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="placements",
                                verbose_name=_("company"))
    kind = models.CharField(_("kind"), max_length=20, choices=PlacementKind.choices)
    trainer_name = models.CharField(_("praktijkopleider"), max_length=200, blank=True)
    trainer_email = models.EmailField(_("praktijkopleider's e-mail address"), blank=True)
    trainer_phone = models.CharField(_("praktijkopleider's phone"), max_length=30, blank=True)
    start_date = models.DateField(_("start date"), validators=[validate_plausible_date])
    end_date = models.DateField(_("end date"), null=True, blank=True,
                                validators=[validate_plausible_date])
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), validators=[MinValueValidator(1), MaxValueValidator(60)])
    created_at = models.DateTimeField(_("recorded on"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PlacementKind.values),
                                   name="placement_kind_valid"),
            models.CheckConstraint(condition=Q(hours_per_week__gte=1, hours_per_week__lte=60),
                                   name="placement_hours_1_to_60"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="placement_end_not_before_start",
            ),
            plausible_date_check("start_date", name="placement_start_plausible"),
            plausible_date_check("end_date", name="placement_end_plausible"),
        ]
        indexes = [models.Index(fields=["student", "start_date"], name="placement_student_idx")]

    def __str__(self):
        return f"{self.student.full_name} – {self.company.name}"

    def clean(self):
        super().clean()
        if self.student_id and self.company_id and (
                self.student.college_id != self.company.college_id):
            raise ValidationError({"company": _("The company must be one of the student's "
                                                "college.")})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start "
                                                 "date.")})

    def is_current(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class PlacementVisit(models.Model):
    """A visit to the placement, logged as a guidance session (kind "placement visit")."""

    placement = models.ForeignKey(Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="visits")
    session = models.OneToOneField(GuidanceSession, verbose_name=_("session"), on_delete=models.CASCADE,
                                   related_name="placement_visit")
    held_at = models.DateTimeField(_("held at"))  # the session's, copied: "last visit" reads one index

    class Meta:
        ordering = ["-held_at"]
        verbose_name = _("placement visit")
        verbose_name_plural = _("placement visits")
        indexes = [models.Index(fields=["placement", "held_at"], name="visit_placement_held_idx")]

    def __str__(self):
        return f"{self.placement} – {timezone.localtime(self.held_at):%Y-%m-%d}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TrainerRequestQuerySet(models.QuerySet):
    def open(self, now: datetime.datetime | None = None):
        now = now or timezone.now()
        return self.filter(answered_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class TrainerRequest(models.Model):
    """A counsellor's question to the praktijkopleider ("hoe gaat het met …?"), answered by a
    one-time, expiring link. Only the token's hash is stored."""

    placement = models.ForeignKey(Placement, verbose_name=_("placement"), on_delete=models.CASCADE,
                                  related_name="trainer_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT,
                                     related_name="+")
    sent_to = models.EmailField(_("sent to"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = TrainerRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("request to the praktijkopleider")
        verbose_name_plural = _("requests to the praktijkopleider")

    def __str__(self):
        return f"{self.placement} – {self.sent_to}"

    def state(self, now: datetime.datetime | None = None) -> str:
        now = now or timezone.now()
        if self.answered_at:
            return "answered"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "open"


class TrainerLinkEvent(models.Model):
    """Every use of a praktijkopleider's link: shown, answered, or refused (and why)."""

    class Outcome(models.TextChoices):
        SHOWN = "shown", _("Form shown")
        ANSWERED = "answered", _("Answered")
        INVALID = "invalid", _("Form not valid")
        USED = "used", _("Refused: already answered")
        EXPIRED = "expired", _("Refused: expired")
        REVOKED = "revoked", _("Refused: revoked")

    request = models.ForeignKey(TrainerRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)

    class Meta:
        ordering = ["at"]
        verbose_name = _("link use")
        verbose_name_plural = _("link uses")

    def __str__(self):
        return f"{self.get_outcome_display()} {self.at:%Y-%m-%d %H:%M}"


class Rating(models.IntegerChoices):
    WORRYING = 1, _("Worrying")
    BELOW = 2, _("Below expectations")
    AS_EXPECTED = 3, _("As expected")
    GOOD = 4, _("Good")


class PlacementReport(models.Model):
    """The praktijkopleider's answer: on the student's timeline for the first line."""

    request = models.OneToOneField(TrainerRequest, verbose_name=_("request"), on_delete=models.CASCADE,
                                   related_name="report")
    placement = models.ForeignKey(Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="reports")
    student = models.ForeignKey(Student, on_delete=models.CASCADE,
                                related_name="placement_reports")
    submitted_at = models.DateTimeField(_("answered at"), default=timezone.now)
    attendance = models.PositiveSmallIntegerField(_("attendance and punctuality"),
                                                  choices=Rating.choices)
    attitude = models.PositiveSmallIntegerField(_("attitude at work"), choices=Rating.choices)
    progress = models.PositiveSmallIntegerField(_("progress on the work-process tasks"),
                                                choices=Rating.choices)
    remarks = models.TextField(_("remarks"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("placement report")
        verbose_name_plural = _("placement reports")
        indexes = [models.Index(fields=["student", "submitted_at"], name="report_student_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance__in=Rating.values, attitude__in=Rating.values,
                            progress__in=Rating.values),
                name="report_ratings_valid",
            ),
        ]

    def __str__(self):
        return f"{self.placement} – {timezone.localtime(self.submitted_at):%Y-%m-%d}"
