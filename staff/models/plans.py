"""Team plans, team progress reviews with the directie, and the LOB standards checklist."""


from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.dates import plausible_date_check, validate_plausible_date
from common.idempotency import submission_token_field, submission_token_once
from common.schoolyear import school_year_bounds, school_year_label, school_year_of  # noqa: F401

from .organisation import College, Team


class TeamPlan(models.Model):
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="plans")
    school_year = models.PositiveIntegerField(_("school year"))
    training_section = models.TextField(
        _("training section"), blank=True,
        help_text=_("The scholingsparagraaf: what the team learns this year and why."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The training section's edit form carries it (common.concurrency).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-school_year", "team__name"]
        verbose_name = _("team plan")
        verbose_name_plural = _("team plans")
        constraints = [
            models.UniqueConstraint(fields=["team", "school_year"], name="team_plan_per_year"),
        ]

    def __str__(self):
        return f"{self.team} {school_year_label(self.school_year)}"


class Standard(models.Model):
    """One of the ROC's LOB standards (intake, flexible intake, career guidance, ...)."""

    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="standards")
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["college", "order", "pk"]
        verbose_name = _("LOB standard")
        verbose_name_plural = _("LOB standards")
        constraints = [
            models.UniqueConstraint(fields=["college", "code"], name="standard_code_unique"),
        ]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="criteria")
    text = models.CharField(_("text"), max_length=500)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("active"), default=True,
        help_text=_("Inactive criteria keep their history but are no longer assessed."),
    )

    class Meta:
        ordering = ["standard__order", "order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.text


class StandardScore(models.IntegerChoices):
    NOT_IN_PLACE = 1, _("1 – not in place")
    PARTLY = 2, _("2 – partly in place")
    LARGELY = 3, _("3 – largely in place")
    FULLY = 4, _("4 – fully in place")


class StandardAssessment(models.Model):
    """A team's self-assessment of one criterion in one school year."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="standard_assessments")
    school_year = models.PositiveIntegerField(_("school year"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="assessments")
    score = models.PositiveSmallIntegerField(_("score"), choices=StandardScore.choices)
    evidence = models.TextField(_("evidence"), blank=True)
    planned_action = models.TextField(_("planned action"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("standards self-assessment")
        verbose_name_plural = _("standards self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "school_year", "criterion"], name="standard_assessment_unique"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=4), name="standard_score_in_scale"
            ),
        ]

    def __str__(self):
        return f"{self.team_id} {self.school_year} {self.criterion_id}: {self.score}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class TeamPlanAction(models.Model):
    """An LOB action in the team plan, possibly carried over from the standards self-assessment."""

    plan = models.ForeignKey(TeamPlan, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"))
    standard = models.ForeignKey(
        Standard, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("standard"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True, validators=[validate_plausible_date])
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    source_assessment = models.OneToOneField(
        StandardAssessment, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="carried_action",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submission_token = submission_token_field()  # common.idempotency

    class Meta:
        ordering = ["pk"]
        verbose_name = _("team plan action")
        verbose_name_plural = _("team plan actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="team_action_status_valid"
            ),
            plausible_date_check("due_on", name="team_action_due_on_plausible"),
            submission_token_once("created_by", name="team_action_submission_token_once"),
        ]

    def __str__(self):
        return self.description[:80]


class TeamProgressReview(models.Model):
    """One of the three yearly talks about the team's progress with the directie."""

    plan = models.ForeignKey(TeamPlan, on_delete=models.CASCADE, related_name="reviews")
    term = models.PositiveSmallIntegerField(
        _("review"), choices=[(1, _("First review")), (2, _("Second review")), (3, _("Third review"))]
    )
    held_on = models.DateField(_("held on"), validators=[validate_plausible_date])
    participants = models.CharField(_("participants"), max_length=500, blank=True)
    notes = models.TextField(_("notes"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term"]
        verbose_name = _("team progress review")
        verbose_name_plural = _("team progress reviews")
        constraints = [
            models.UniqueConstraint(fields=["plan", "term"], name="progress_review_per_term"),
            models.CheckConstraint(condition=Q(term__gte=1, term__lte=3), name="progress_review_term_1_3"),
            plausible_date_check("held_on", name="progress_review_held_on_plausible"),
        ]

    def __str__(self):
        return f"{self.plan} – {self.get_term_display()}"
