"""Reads on the student register. `student_scope` is the one rule for who sees which student."""

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from staff.roles import Role

from .models import CounsellorAssignment, Group, Programme, Student

# Roles that see every student of their own college (register data).
COLLEGE_WIDE_ROLES = (Role.LEC_WORKER, Role.LEC_LEAD, Role.DIRECTOR, Role.ADMIN)


def current_assignments() -> QuerySet[CounsellorAssignment]:
    return CounsellorAssignment.objects.filter(end_date__isnull=True)


def student_scope(qs: QuerySet[Student], user) -> QuerySet[Student]:
    """Students `user` may see: all of their college for college-wide roles; otherwise the
    students of their teams plus their own current caseload. HR sees none."""
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    if user.college_id is None:
        return qs.none()
    qs = qs.filter(college_id=user.college_id)
    if user.has_role(*COLLEGE_WIDE_ROLES):
        return qs
    own_caseload = Exists(
        current_assignments().filter(student_id=OuterRef("pk"), counsellor_id=user.pk)
    )
    return qs.filter(Q(programme__team_id__in=user.team_ids()) | own_caseload)


def student_for_user(user, pk: int) -> Student:
    """One student, or 404 when it does not exist or `user` may not see it."""
    return get_object_or_404(
        Student.objects.visible_to(user).select_related("programme__team", "college"), pk=pk
    )


def with_current_counsellor(qs: QuerySet[Student]) -> QuerySet[Student]:
    current = current_assignments().filter(student_id=OuterRef("pk"))
    return qs.annotate(
        counsellor_id=Subquery(current.values("counsellor_id")[:1]),
        counsellor_first_name=Subquery(current.values("counsellor__first_name")[:1]),
        counsellor_last_name=Subquery(current.values("counsellor__last_name")[:1]),
    )


def student_list(
    *,
    user,
    query: str = "",
    team_id: int | None = None,
    programme_id: int | None = None,
    pathway: str = "",
    study_year: int | None = None,
    counsellor_id: int | None = None,
    status: str = "",
) -> QuerySet[Student]:
    """The student list: scoped, searched on name and number, filtered."""
    qs = Student.objects.visible_to(user).select_related("programme__team")
    if query:
        for word in query.split():
            qs = qs.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(student_number__istartswith=word)
            )
    if team_id:
        qs = qs.filter(programme__team_id=team_id)
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    if pathway:
        qs = qs.filter(programme__pathway=pathway)
    if study_year:
        qs = qs.filter(study_year=study_year)
    if counsellor_id:
        qs = qs.filter(
            Exists(current_assignments().filter(student_id=OuterRef("pk"), counsellor_id=counsellor_id))
        )
    if status:
        qs = qs.filter(status=status)
    return with_current_counsellor(qs).order_by("last_name", "first_name", "pk")


def programmes_visible_to(user) -> QuerySet[Programme]:
    if user.is_superuser:
        return Programme.objects.select_related("team")
    qs = Programme.objects.filter(team__college_id=user.college_id).select_related("team")
    if user.has_role(*COLLEGE_WIDE_ROLES):
        return qs
    return qs.filter(team_id__in=user.team_ids())


def groups_visible_to(user) -> QuerySet[Group]:
    if user.is_superuser:
        return Group.objects.all()
    qs = Group.objects.filter(team__college_id=user.college_id)
    if user.has_role(*COLLEGE_WIDE_ROLES):
        return qs
    return qs.filter(Q(team_id__in=user.team_ids()) | Q(counsellor=user))
