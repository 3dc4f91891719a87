"""A referral to the LEC: its choices, its state machine, who is on the case and how it moved."""

import datetime
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.choices import choice_display
from common.dates import plausible_date_check, validate_plausible_date
from staff.models import College, Team
from students.models import Student

from ..workdays import working_days_between

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
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("team"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made",
        verbose_name=_("referred by"),
    )
    referred_at = models.DateTimeField(_("referred at"))
    reason = models.TextField(_("reason for referral"))
    concern_domains = models.JSONField(_("concern domains"), default=list)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    tried = models.TextField(_("what has been tried"))
    student_knows = models.BooleanField(_("the student knows about the referral"))
    student_agrees = models.BooleanField(_("the student agrees with the referral"))
    # A student's own request for contact ("Ik wil met iemand van het LEC praten") is for the
    # LEC only unless the student chose to let their counsellor know: while False, the first
    # line is shown nothing of it (lec.selectors.first_line).
    shared_with_first_line = models.BooleanField(
        _("the first line may know of it"), default=True
    )

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
    status_changed_at = models.DateTimeField(verbose_name=_("status changed on"))
    version = models.PositiveIntegerField(default=1)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lec_cases",
        verbose_name=_("case worker"),
    )
    triaged_at = models.DateTimeField(null=True, blank=True, verbose_name=_("triaged on"))
    # accepted or returned
    decided_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("decided on"),
    )
    evaluation_date = models.DateField(_("evaluation date"), null=True, blank=True,
                                       validators=[validate_plausible_date])
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("closed on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    last_feedback_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("last feedback on"),
    )

    # Shown on every row of the triage queue and the case list (see common/choices.py).
    get_status_display = choice_display("status", Status)
    get_urgency_display = choice_display("urgency", Urgency)
    get_eligibility_display = choice_display("eligibility", Eligibility)
    get_source_display = choice_display("source", Source)

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
            plausible_date_check("evaluation_date", name="referral_evaluation_plausible"),
        ]
        indexes = [
            models.Index(fields=["college", "status", "referred_at"], name="referral_queue_idx"),
            models.Index(fields=["assigned_to", "status"], name="referral_worker_idx"),
            models.Index(fields=["student", "referred_at"], name="referral_student_idx"),
            # The case list (newest change first, a page at a time) and the rollups' refresh
            # (referrals of a college changed since the last one).
            models.Index(fields=["college", "-status_changed_at", "-id"],
                         name="referral_college_changed_idx"),
            # The rollups' refresh: referrals of a college with feedback since the last one.
            models.Index(fields=["college", "last_feedback_at"],
                         name="referral_college_feedback_idx"),
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

    @cached_property
    def working_days_waiting(self) -> int:
        """Working days since the referral was made (the triage queue's age; worked out once
        per object, which lives for one request)."""
        return working_days_between(timezone.localdate(self.referred_at), timezone.localdate())

    @property
    def waits_too_long(self) -> bool:
        """Still waiting for triage after more than the allowed working days."""
        return (self.status in QUEUE_STATUSES
                and self.working_days_waiting > settings.LOB_REFERRAL_TRIAGE_WORKING_DAYS)


class CaseMember(models.Model):
    """An LEC worker added to a case next to its case worker (e.g. the youth doctor)."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="members", verbose_name=_("case"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lec_memberships",
        verbose_name=_("staff member"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(verbose_name=_("added on"))

    class Meta:
        verbose_name_plural = _("case members")
        verbose_name = _("case member")
        constraints = [
            models.UniqueConstraint(fields=["referral", "user"], name="case_member_unique")
        ]

    def __str__(self):
        return f"{self.user_id} on referral #{self.referral_id}"


class CaseAssignment(models.Model):
    """Who was made case worker, by whom and when: a claim, the lead's assignment of a new
    referral, or a reassignment. Shown in the case's history."""

    referral = models.ForeignKey(Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="assignments")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("case worker"), on_delete=models.PROTECT,
                               related_name="+")
    previous = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("previous case worker"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("case assignment")
        verbose_name_plural = _("case assignments")
        ordering = ["at", "pk"]
        verbose_name = _("case worker assignment")

    def __str__(self):
        return f"#{self.referral_id}: {self.previous_id} → {self.worker_id}"


class Transition(models.Model):
    """Who moved a referral from which state to which, and when."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("case"),
    )
    from_status = models.CharField(
        max_length=12, choices=Status.choices, verbose_name=_("from status"),
    )
    to_status = models.CharField(max_length=12, choices=Status.choices, verbose_name=_("to status"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"),
    )
    at = models.DateTimeField(verbose_name=_("time"))
    # Time spent in `from_status`, so the overview can average it in the database.
    duration = models.DurationField(verbose_name=_("time in the previous status"))

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["from_status"], name="transition_from_idx")]

    def __str__(self):
        return f"#{self.referral_id}: {self.from_status} → {self.to_status}"
