"""Competency frameworks: categories → competencies → behavioural criteria, versioned.

A college has one framework, kept as a chain of versions. A review cycle points at the version it
started with; editing a version that cycles use creates the next version (copy-on-write), so a
running cycle never sees its competencies change underneath it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .organisation import College

SCORE_MIN = 1
SCORE_MAX = 5


class Score(models.IntegerChoices):
    """The five-point scale used in self-assessment, 360 feedback and the manager's assessment."""

    INSUFFICIENT = 1, _("1 – insufficient")
    FAIR = 2, _("2 – fair")
    SATISFACTORY = 3, _("3 – satisfactory")
    GOOD = 4, _("4 – good")
    EXCELLENT = 5, _("5 – excellent")


def score_in_scale() -> Q:
    return Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX)


class RoleProfile(models.TextChoices):
    """Extra competencies for a kind of work; core categories apply to everybody."""

    FIRST_LINE = "first_line", _("First-line LOB counsellor")
    LEC = "lec", _("LEC staff")


class CompetencyFramework(models.Model):
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="frameworks")
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"))
    is_current = models.BooleanField(_("current version"), default=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("based on"),
    )
    # The edit version of common.concurrency (`version` already numbers the framework's chain):
    # bumped on every edit of this version, a form that carries an older revision is stale.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["college", "-version"]
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        constraints = [
            models.UniqueConstraint(fields=["college", "version"], name="framework_version_unique"),
            models.UniqueConstraint(
                fields=["college"], condition=Q(is_current=True), name="framework_one_current"
            ),
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"


class CompetencyCategory(models.Model):
    framework = models.ForeignKey(
        CompetencyFramework, on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(_("name"), max_length=200)
    role_profile = models.CharField(
        _("role profile"), max_length=20, choices=RoleProfile.choices, blank=True,
        help_text=_("Empty for the core categories every employee is assessed on."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["framework", "order", "pk"]
        verbose_name = _("competency category")
        verbose_name_plural = _("competency categories")
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="category_name_unique"),
            models.CheckConstraint(
                condition=Q(role_profile="") | Q(role_profile__in=RoleProfile.values),
                name="category_role_profile_valid",
            ),
        ]

    def __str__(self):
        return self.name


class Competency(models.Model):
    category = models.ForeignKey(
        CompetencyCategory, on_delete=models.CASCADE, related_name="competencies"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["category__order", "order", "pk"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="competency_name_unique"),
        ]

    def __str__(self):
        return self.name


class BehaviouralCriterion(models.Model):
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="criteria")
    text = models.CharField(_("text"), max_length=500)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("behavioural criterion")
        verbose_name_plural = _("behavioural criteria")

    def __str__(self):
        return self.text
