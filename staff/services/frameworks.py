"""Writes on competency frameworks. Editing a version that cycles use makes a new version."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from common.concurrency import check_and_bump_version

from ..models import (
    BehaviouralCriterion,
    College,
    Competency,
    CompetencyCategory,
    CompetencyFramework,
    RoleProfile,
    User,
)
from .common import clean_text

MAX_CRITERIA = 20


@dataclass
class EditableVersion:
    """The version an edit lands on, with the id maps from the version the form was shown on."""

    framework: CompetencyFramework
    copied: bool
    categories: dict[int, int] = field(default_factory=dict)
    competencies: dict[int, int] = field(default_factory=dict)

    def category_id(self, old_id: int) -> int:
        return self.categories.get(old_id, old_id) if self.copied else old_id

    def competency_id(self, old_id: int) -> int:
        return self.competencies.get(old_id, old_id) if self.copied else old_id


def framework_current(*, college_id: int) -> CompetencyFramework | None:
    return CompetencyFramework.objects.filter(college_id=college_id, is_current=True).first()


@transaction.atomic
def framework_create(*, college: College, name: str, user: User | None) -> CompetencyFramework:
    """Start the college's framework (version 1). A college has one framework, versioned."""
    if CompetencyFramework.objects.filter(college=college).exists():
        raise ValidationError(_("This college already has a competency framework."))
    return CompetencyFramework.objects.create(
        college=college, name=clean_text(name), version=1, created_by=user, updated_by=user
    )


def _copy(framework: CompetencyFramework, *, user: User) -> EditableVersion:
    """Copy `framework` with all categories, competencies and criteria to the next version."""
    last = CompetencyFramework.objects.filter(college_id=framework.college_id).aggregate(
        v=Max("version")
    )["v"]
    CompetencyFramework.objects.filter(pk=framework.pk).update(is_current=False)
    new = CompetencyFramework.objects.create(
        college_id=framework.college_id,
        name=framework.name,
        version=last + 1,
        is_current=True,
        based_on=framework,
        created_by=user,
        updated_by=user,
    )
    version = EditableVersion(framework=new, copied=True)
    old_categories = list(framework.categories.order_by("order", "pk"))
    new_categories = CompetencyCategory.objects.bulk_create(
        CompetencyCategory(framework=new, name=c.name, role_profile=c.role_profile, order=c.order)
        for c in old_categories
    )
    version.categories = {o.pk: n.pk for o, n in zip(old_categories, new_categories, strict=True)}
    old_competencies = list(
        Competency.objects.filter(category__framework=framework).order_by("pk")
    )
    new_competencies = Competency.objects.bulk_create(
        Competency(
            category_id=version.categories[c.category_id],
            name=c.name,
            description=c.description,
            order=c.order,
        )
        for c in old_competencies
    )
    version.competencies = {
        o.pk: n.pk for o, n in zip(old_competencies, new_competencies, strict=True)
    }
    BehaviouralCriterion.objects.bulk_create(
        BehaviouralCriterion(
            competency_id=version.competencies[c.competency_id], text=c.text, order=c.order
        )
        for c in BehaviouralCriterion.objects.filter(competency__category__framework=framework)
    )
    return version


def _editable(*, framework: CompetencyFramework, user: User, revision: int | None) -> EditableVersion:
    """Lock the version the form was shown on and give the version the edit must land on."""
    locked = CompetencyFramework.objects.select_for_update().get(pk=framework.pk)
    if not locked.is_current:
        raise ValidationError(
            _("This is an old version of the framework. Open the current version to edit it."),
            code="not_current",
        )
    check_and_bump_version(locked, revision, field="revision")
    if locked.cycles.exists():
        return _copy(locked, user=user)
    locked.updated_by = user
    locked.save(update_fields=["updated_by", "updated_at"])
    return EditableVersion(framework=locked, copied=False)


def _clean_criteria(criteria: list[str]) -> list[str]:
    lines = [clean_text(c) for c in criteria]
    lines = [c for c in lines if c]
    if len(lines) > MAX_CRITERIA:
        raise ValidationError(
            {"criteria": _("Give at most %(n)d criteria.") % {"n": MAX_CRITERIA}}
        )
    if any(len(c) > 500 for c in lines):
        raise ValidationError({"criteria": _("A criterion can be at most 500 characters.")})
    return lines


@transaction.atomic
def framework_category_add(
    *, framework: CompetencyFramework, name: str, role_profile: str, user: User,
    revision: int | None = None,
) -> CompetencyFramework:
    """Add a category (core or for a role profile); returns the version it was added to."""
    name = clean_text(name)
    if not name:
        raise ValidationError({"name": _("Give the category a name.")})
    if role_profile and role_profile not in RoleProfile.values:
        raise ValidationError({"role_profile": _("Choose a role profile from the list.")})
    version = _editable(framework=framework, user=user, revision=revision)
    fw = version.framework
    if fw.categories.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("This framework already has a category with this name.")})
    order = (fw.categories.aggregate(m=Max("order"))["m"] or 0) + 1
    CompetencyCategory.objects.create(framework=fw, name=name, role_profile=role_profile, order=order)
    return fw


@transaction.atomic
def framework_competency_add(
    *, framework: CompetencyFramework, category_id: int, name: str, description: str,
    criteria: list[str], user: User, revision: int | None = None,
) -> CompetencyFramework:
    """Add a competency with its behavioural criteria to a category."""
    name = clean_text(name)
    if not name:
        raise ValidationError({"name": _("Give the competency a name.")})
    lines = _clean_criteria(criteria)
    if not framework.categories.filter(pk=category_id).exists():
        raise ValidationError({"category": _("Choose a category of this framework.")})
    version = _editable(framework=framework, user=user, revision=revision)
    category = CompetencyCategory.objects.get(pk=version.category_id(category_id))
    if category.competencies.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("This category already has a competency with this name.")})
    order = (category.competencies.aggregate(m=Max("order"))["m"] or 0) + 1
    competency = Competency.objects.create(
        category=category, name=name, description=clean_text(description), order=order
    )
    BehaviouralCriterion.objects.bulk_create(
        BehaviouralCriterion(competency=competency, text=text, order=i)
        for i, text in enumerate(lines, start=1)
    )
    return version.framework


@transaction.atomic
def framework_competency_update(
    *, framework: CompetencyFramework, competency_id: int, name: str, description: str,
    criteria: list[str], user: User, revision: int | None = None,
) -> CompetencyFramework:
    """Change a competency's name, description and criteria (replacing the criteria list)."""
    name = clean_text(name)
    if not name:
        raise ValidationError({"name": _("Give the competency a name.")})
    lines = _clean_criteria(criteria)
    if not Competency.objects.filter(pk=competency_id, category__framework=framework).exists():
        raise ValidationError(_("This competency is not part of this framework version."))
    version = _editable(framework=framework, user=user, revision=revision)
    competency = Competency.objects.get(pk=version.competency_id(competency_id))
    if (
        Competency.objects.filter(category_id=competency.category_id, name__iexact=name)
        .exclude(pk=competency.pk)
        .exists()
    ):
        raise ValidationError({"name": _("This category already has a competency with this name.")})
    competency.name = name
    competency.description = clean_text(description)
    competency.save(update_fields=["name", "description"])
    competency.criteria.all().delete()
    BehaviouralCriterion.objects.bulk_create(
        BehaviouralCriterion(competency=competency, text=text, order=i)
        for i, text in enumerate(lines, start=1)
    )
    return version.framework


@transaction.atomic
def framework_competency_remove(
    *, framework: CompetencyFramework, competency_id: int, user: User, revision: int | None = None
) -> CompetencyFramework:
    """Remove a competency; cycles on an older version keep it."""
    if not Competency.objects.filter(pk=competency_id, category__framework=framework).exists():
        raise ValidationError(_("This competency is not part of this framework version."))
    version = _editable(framework=framework, user=user, revision=revision)
    Competency.objects.filter(pk=version.competency_id(competency_id)).delete()
    return version.framework
