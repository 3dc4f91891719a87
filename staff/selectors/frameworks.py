"""Competency frameworks: who sees them and their tree."""


from django.db.models import (
    Count,
    Prefetch,
    QuerySet,
)
from django.shortcuts import get_object_or_404

from ..models import (
    BehaviouralCriterion,
    Competency,
    CompetencyCategory,
    CompetencyFramework,
)
from .cycles import _active


def frameworks_visible_to(user) -> QuerySet[CompetencyFramework]:
    if not _active(user):
        return CompetencyFramework.objects.none()
    qs = CompetencyFramework.objects.select_related("college")
    if user.is_superuser:
        return qs
    return qs.filter(college_id=user.college_id)


def framework_list(user) -> QuerySet[CompetencyFramework]:
    return frameworks_visible_to(user).annotate(
        cycle_count=Count("cycles", distinct=True),
        competency_count=Count("categories__competencies", distinct=True),
    ).order_by("college__name", "-version")


def framework_for_user(user, pk: int) -> CompetencyFramework:
    return get_object_or_404(frameworks_visible_to(user), pk=pk)


def framework_tree(framework: CompetencyFramework) -> list[CompetencyCategory]:
    """Categories with their competencies and criteria (three queries)."""
    return list(
        framework.categories.order_by("order", "pk").prefetch_related(
            Prefetch(
                "competencies",
                queryset=Competency.objects.order_by("order", "pk").prefetch_related(
                    Prefetch("criteria", queryset=BehaviouralCriterion.objects.order_by("order", "pk"))
                ),
            )
        )
    )


# --- team plans and standards ---------------------------------------------------------------------
