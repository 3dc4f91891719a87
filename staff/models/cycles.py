"""The review cycle (gesprekkencyclus) of one employee in one school year, and its inputs.

360 anonymity holds by construction: the invitation (`FeedbackRequest`: who, deadline, answered
or not) is kept apart from the answers (`FeedbackResponse`: linked to the cycle and the rater
group only, with a random primary key and no timestamp), so no row links an answer to a rater.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.dates import plausible_date_check, validate_plausible_date
from common.idempotency import submission_token_field, submission_token_once
from common.names import name_order

from .frameworks import Competency, CompetencyFramework, RoleProfile, score_in_scale
from .organisation import Team


class Stage(models.TextChoices):
    POP = "pop", _("POP meeting")
    FUNCTIONING = "functioning", _("Performance meeting")
    APPRAISAL = "appraisal", _("Appraisal meeting")
    CLOSED = "closed", _("Closed")


# The meetings in the order they must be held; the stage names the next meeting to hold.
MEETING_ORDER = (Stage.POP, Stage.FUNCTIONING, Stage.APPRAISAL)


def next_stage(stage: str) -> str:
    order = [*MEETING_ORDER, Stage.CLOSED]
    return order[order.index(stage) + 1]


class AppraisalRating(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    SATISFACTORY = "satisfactory", _("Satisfactory")
    UNSATISFACTORY = "unsatisfactory", _("Unsatisfactory")


class ReviewCycle(models.Model):
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_cycles",
        verbose_name=_("employee"),
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_cycles",
        verbose_name=_("manager"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="review_cycles", verbose_name=_("team")
    )
    school_year = models.PositiveIntegerField(
        _("school year"), help_text=_("The calendar year in which the school year starts.")
    )
    framework = models.ForeignKey(
        CompetencyFramework, on_delete=models.PROTECT, related_name="cycles",
        verbose_name=_("framework"),
    )
    role_profile = models.CharField(
        _("role profile"), max_length=20, choices=RoleProfile.choices, blank=True
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.POP)
    self_assessed_at = models.DateTimeField(null=True, blank=True)
    manager_assessed_at = models.DateTimeField(null=True, blank=True)
    employee_response = models.TextField(_("employee's response"), blank=True)
    employee_responded_at = models.DateTimeField(null=True, blank=True)
    appraisal_rating = models.CharField(
        _("appraisal"), max_length=20, choices=AppraisalRating.choices, blank=True
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The assessments and the response: an edit form carries it (common.concurrency).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-school_year", *name_order("employee__")]
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "school_year"], name="cycle_one_per_employee_per_year"
            ),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="cycle_stage_valid"),
            models.CheckConstraint(
                condition=~Q(employee=F("manager")), name="cycle_employee_is_not_manager"
            ),
        ]

    def __str__(self):
        return f"{self.employee} {self.school_year_label}"

    @property
    def school_year_label(self) -> str:
        return f"{self.school_year}-{self.school_year + 1}"

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED


class CycleMeeting(models.Model):
    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(
        _("meeting"), max_length=20, choices=[(s.value, s.label) for s in MEETING_ORDER]
    )
    planned_on = models.DateField(_("planned on"), null=True, blank=True, validators=[validate_plausible_date])
    held_on = models.DateField(_("held on"), null=True, blank=True, validators=[validate_plausible_date])
    report = models.TextField(_("report"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kind"], name="meeting_one_per_kind"),
            plausible_date_check("planned_on", name="meeting_planned_on_plausible"),
            plausible_date_check("held_on", name="meeting_held_on_plausible"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.cycle}"


class SelfAssessment(models.Model):
    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="self_scores")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "competency"], name="self_score_unique"),
            models.CheckConstraint(condition=score_in_scale(), name="self_score_in_scale"),
        ]

    def __str__(self):
        return f"{self.competency_id}: {self.score}"


class ManagerAssessment(models.Model):
    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.CASCADE, related_name="manager_scores"
    )
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "competency"], name="manager_score_unique"),
            models.CheckConstraint(condition=score_in_scale(), name="manager_score_in_scale"),
        ]

    def __str__(self):
        return f"{self.competency_id}: {self.score}"


class RaterGroup(models.TextChoices):
    TEAM = "team", _("Colleagues in the team")
    COLLEGE = "college", _("Colleagues elsewhere in the college")


class FeedbackRequest(models.Model):
    """An invitation to give 360 feedback. Says who was asked, never what they answered."""

    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.CASCADE, related_name="feedback_requests"
    )
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_requests",
        verbose_name=_("rater"),
    )
    rater_group = models.CharField(_("rater group"), max_length=20, choices=RaterGroup.choices)
    deadline = models.DateField(_("deadline"), validators=[validate_plausible_date])
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("360 feedback request")
        verbose_name_plural = _("360 feedback requests")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "rater"], name="feedback_rater_once"),
            models.CheckConstraint(
                condition=Q(rater_group__in=RaterGroup.values), name="feedback_rater_group_valid"
            ),
            plausible_date_check("deadline", name="feedback_deadline_plausible"),
        ]

    def __str__(self):
        return f"{self.rater} → {self.cycle}"


class FeedbackResponse(models.Model):
    """One rater's answers. Deliberately without rater, request, timestamp or sequential key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.CASCADE, related_name="feedback_responses"
    )
    rater_group = models.CharField(max_length=20, choices=RaterGroup.choices)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rater_group__in=RaterGroup.values), name="response_rater_group_valid"
            ),
        ]

    def __str__(self):
        return str(self.get_rater_group_display())


class FeedbackAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(FeedbackResponse, on_delete=models.CASCADE, related_name="answers")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # null: cannot judge
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "competency"], name="answer_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | score_in_scale(), name="answer_score_in_scale"
            ),
        ]

    def __str__(self):
        return f"{self.competency_id}: {self.score}"


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class DevelopmentGoal(models.Model):
    """A goal of the development plan (ontwikkelplan/POP), tied to a competency."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="goals")
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("competency"),
    )
    goal = models.CharField(_("goal"), max_length=300)
    actions = models.TextField(_("actions"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submission_token = submission_token_field()  # common.idempotency

    class Meta:
        ordering = ["pk"]
        verbose_name = _("development goal")
        verbose_name_plural = _("development goals")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=GoalStatus.values), name="goal_status_valid"),
            submission_token_once("created_by", name="goal_submission_token_once"),
        ]

    def __str__(self):
        return self.goal


class TrainingArea(models.TextChoices):
    LC_COURSE = "lc_course", _("LC course")
    CAREER_REFLECTION = "career_reflection", _("Career-reflection conversation training")
    EXAMINATION = "examination", _("Examination")
    LANGUAGE_ARITHMETIC = "language_arithmetic", _("Language and arithmetic")
    ICT = "ict", _("ICT")
    # Filled in by the learning community (lob.community) for meetings attended.
    INTERVISION = "intervision", _("Intervisie and work meetings")
    OTHER = "other", _("Other")


class TrainingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Training(models.Model):
    """A training in the development plan; together they are the employee's training record."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="trainings")
    goal = models.ForeignKey(
        DevelopmentGoal, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="trainings", verbose_name=_("goal"),
    )
    area = models.CharField(_("area"), max_length=30, choices=TrainingArea.choices)
    title = models.CharField(_("title"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    status = models.CharField(
        _("status"), max_length=20, choices=TrainingStatus.choices, default=TrainingStatus.PLANNED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True, validators=[validate_plausible_date])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submission_token = submission_token_field()  # common.idempotency

    class Meta:
        ordering = ["pk"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.CheckConstraint(condition=Q(area__in=TrainingArea.values), name="training_area_valid"),
            models.CheckConstraint(
                condition=Q(status__in=TrainingStatus.values), name="training_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=1000), name="training_hours_positive"
            ),
            plausible_date_check("completed_on", name="training_completed_on_plausible"),
            models.CheckConstraint(
                condition=~Q(status=TrainingStatus.COMPLETED) | Q(completed_on__isnull=False),
                name="training_completed_has_date",
            ),
            submission_token_once("created_by", name="training_submission_token_once"),
        ]

    def __str__(self):
        return self.title
