"""The second line: referrals to the LEC and their Diagnose-recept case file.

Who may read what is decided in `lec.selectors`; every change goes through `lec.services`.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from staff.models import College, Team
from students.models import Student

ADULT_AGE = 23  # from this age on the LEC offers a short intervention, not a long trajectory


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    TRIAGE = "triage", _("In triage")
    DIAGNOSIS = "diagnosis", _("Diagnosis")
    PLAN = "plan", _("Plan")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")
    RETURNED = "returned", _("Returned to the first line")


# The state machine. Anything not listed here is an illegal jump.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SUBMITTED: frozenset({Status.TRIAGE}),
    Status.TRIAGE: frozenset({Status.DIAGNOSIS, Status.RETURNED}),
    Status.DIAGNOSIS: frozenset({Status.PLAN}),
    Status.PLAN: frozenset({Status.IN_PROGRESS}),
    Status.IN_PROGRESS: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset({Status.IN_PROGRESS}),  # reopening a closed case
    Status.RETURNED: frozenset(),
}
OPEN_STATUSES = (
    Status.SUBMITTED,
    Status.TRIAGE,
    Status.DIAGNOSIS,
    Status.PLAN,
    Status.IN_PROGRESS,
)
QUEUE_STATUSES = (Status.SUBMITTED, Status.TRIAGE)
# States in which the case file (diagnosis, plan, notes) is being worked on.
CASE_WORK_STATUSES = (Status.DIAGNOSIS, Status.PLAN, Status.IN_PROGRESS)


def transition_allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


class Source(models.TextChoices):
    TEAM = "team", _("Programme team")
    INTAKE = "intake", _("Intake")
    SELF = "self", _("The student themself")
    EXTERNAL = "external", _("External (e.g. truancy office, youth care)")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High: within a week")
    CRISIS = "crisis", _("Crisis: today")


URGENCY_RANK = {Urgency.CRISIS: 0, Urgency.HIGH: 1, Urgency.NORMAL: 2}


class Domain(models.TextChoices):
    """The life domains of the LEC's holistic look at a student."""

    HEALTH = "health", _("Health")
    JUSTICE = "justice", _("Justice")
    HOME = "home", _("Home situation")
    SOCIAL_SERVICES = "social_services", _("Social services and care")
    FINANCES = "finances", _("Finances")
    HOUSING = "housing", _("Housing")
    ADDICTION = "addiction", _("Addiction")
    STUDY_SKILLS = "study_skills", _("Study skills")
    MOTIVATION = "motivation", _("Motivation and career choice")
    ATTENDANCE = "attendance", _("Attendance and compulsory education")


class Eligibility(models.TextChoices):
    FULL = "full", _("Full trajectory")
    SHORT = "short", _("Short intervention")


def eligibility_on(
    *, date_of_birth: datetime.date, has_start_qualification: bool, on: datetime.date
) -> str:
    """The seed's rule: under 23 without a start qualification → full trajectory; otherwise a
    short intervention unless a justification is recorded."""
    age = on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    if age < ADULT_AGE and not has_start_qualification:
        return Eligibility.FULL
    return Eligibility.SHORT


class Outcome(models.TextChoices):
    BACK_IN_PROGRAMME = "back_in_programme", _("Back in the programme")
    OTHER_PROGRAMME = "other_programme", _("Other programme in the college")
    OTHER_SCHOOL = "other_school", _("Other school")
    WORK = "work", _("Work")
    EXTERNAL_TRAJECTORY = "external_trajectory", _("External trajectory")
    DROPPED_OUT = "dropped_out", _("Dropped out")


class Referral(models.Model):
    """A student referred to the college's LEC, and the state of their case."""

    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="referrals")
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("student")
    )
    # The student's team when referred: "referrals per team" must not move when a student does.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="referrals")
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made"
    )
    referred_at = models.DateTimeField(_("referred at"))
    reason = models.TextField(_("reason for referral"))
    concern_domains = models.JSONField(_("concern domains"), default=list)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    tried = models.TextField(_("what has been tried"))
    student_knows = models.BooleanField(_("the student knows about the referral"))
    student_agrees = models.BooleanField(_("the student agrees with the referral"))

    # Eligibility as computed at the referral date: shown, never silently applied.
    age_at_referral = models.PositiveSmallIntegerField(_("age at referral"))
    had_start_qualification = models.BooleanField(_("had a start qualification"))
    eligibility = models.CharField(_("eligibility"), max_length=10, choices=Eligibility.choices)
    # What the LEC decided when it accepted the case, and why when it differs.
    trajectory = models.CharField(
        _("trajectory"), max_length=10, choices=Eligibility.choices, blank=True
    )
    eligibility_justification = models.TextField(_("justification"), blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    status_changed_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lec_cases",
        verbose_name=_("case worker"),
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)  # accepted or returned
    evaluation_date = models.DateField(_("evaluation date"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    last_feedback_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-referred_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="referral_status_valid"),
            models.CheckConstraint(condition=Q(source__in=Source.values), name="referral_source_valid"),
            models.CheckConstraint(
                condition=Q(urgency__in=Urgency.values), name="referral_urgency_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.CLOSED) | ~Q(outcome=""),
                name="referral_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[Status.SUBMITTED, Status.RETURNED])
                | Q(assigned_to__isnull=False),
                name="referral_worked_has_case_worker",
            ),
            # One open referral per student: a second one is refused with a clear message.
            models.UniqueConstraint(
                fields=["student"],
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
                name="referral_one_open_per_student",
            ),
        ]
        indexes = [
            models.Index(fields=["college", "status", "referred_at"], name="referral_queue_idx"),
            models.Index(fields=["assigned_to", "status"], name="referral_worker_idx"),
            models.Index(fields=["student", "referred_at"], name="referral_student_idx"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.student.full_name} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def concern_domain_labels(self) -> list[str]:
        labels = dict(Domain.choices)
        return [labels.get(d, d) for d in self.concern_domains]

    def allowed_next(self) -> frozenset[str]:
        return TRANSITIONS.get(self.status, frozenset())


class CaseMember(models.Model):
    """An LEC worker added to a case next to its case worker (e.g. the youth doctor)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lec_memberships"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        verbose_name = _("case member")
        constraints = [
            models.UniqueConstraint(fields=["referral", "user"], name="case_member_unique")
        ]

    def __str__(self):
        return f"{self.user_id} on referral #{self.referral_id}"


class Transition(models.Model):
    """Who moved a referral from which state to which, and when."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=Status.choices)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    # Time spent in `from_status`, so the overview can average it in the database.
    duration = models.DurationField()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["from_status"], name="transition_from_idx")]

    def __str__(self):
        return f"#{self.referral_id}: {self.from_status} → {self.to_status}"


class Severity(models.TextChoices):
    MILD = "mild", _("Mild")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")


class Finding(models.Model):
    """Diagnose: what is going on in one life domain."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="findings")
    domain = models.CharField(_("life domain"), max_length=20, choices=Domain.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("finding"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["domain", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(domain__in=Domain.values), name="finding_domain_valid"),
            models.CheckConstraint(
                condition=Q(severity__in=Severity.values), name="finding_severity_valid"
            ),
        ]

    def __str__(self):
        return f"Finding #{self.pk} ({self.domain}) of referral #{self.referral_id}"


class InstrumentResult(models.Model):
    """Diagnose: an instrument (test, questionnaire) used, its result and what it means."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="instruments")
    instrument = models.CharField(_("instrument"), max_length=200)
    administered_on = models.DateField(_("administered on"))
    result = models.TextField(_("result"))
    interpretation = models.TextField(_("interpretation"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["administered_on", "pk"]

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


class PlanAction(models.Model):
    """Recept: one thing to be done, by whom, with which partner, by when, and how it went."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"))
    owner = models.CharField(_("owner"), max_length=12, choices=Owner.choices)
    partner = models.CharField(_("partner"), max_length=25, choices=Partner.choices, blank=True)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    outcome = models.TextField(_("outcome"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(owner__in=Owner.values), name="action_owner_valid"),
            models.CheckConstraint(
                condition=~Q(owner=Owner.PARTNER) | ~Q(partner=""), name="action_partner_owner_named"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="action_due_idx")]

    def __str__(self):
        return f"Plan action #{self.pk} of referral #{self.referral_id}"

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.status == ActionStatus.OPEN and self.due_date < timezone.localdate()


class CaseNote(models.Model):
    """A note in the case file, e.g. what a partner (youth doctor, truancy officer) reported."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notes")
    partner = models.CharField(_("partner"), max_length=25, choices=Partner.choices, blank=True)
    text = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Note #{self.pk} of referral #{self.referral_id}"


class FeedbackKind(models.TextChoices):
    RETURNED = "returned", _("Not taken on: advice")
    PROGRESS = "progress", _("Progress")
    CLOSURE = "closure", _("Closure")


class Feedback(models.Model):
    """Terugkoppeling: written for the referring counsellor and the care coordinator, without
    the sensitive detail of the case file. This is what the first line sees."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(_("kind"), max_length=10, choices=FeedbackKind.choices)
    text = models.TextField(_("feedback to the first line"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("feedback")

    def __str__(self):
        return f"Feedback #{self.pk} on referral #{self.referral_id}"


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

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="access_log")
    action = models.CharField(max_length=20, choices=AccessAction.choices)
    at = models.DateTimeField()
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
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
