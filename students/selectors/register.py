"""Reads on the student register: the student list and what its filters offer, groups."""

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from common.names import name_order
from staff.models import User
from staff.roles import COLLEGE_REGISTER_ROLES, Role

from ..models import Group, Programme, Student
from .access import current_assignments


def with_current_counsellor(qs: QuerySet[Student]) -> QuerySet[Student]:
    current = current_assignments().filter(student_id=OuterRef("pk"))
    return qs.annotate(
        counsellor_id=Subquery(current.values("counsellor_id")[:1]),
        counsellor_first_name=Subquery(current.values("counsellor__first_name")[:1]),
        counsellor_last_name=Subquery(current.values("counsellor__last_name")[:1]),
    )


def search_matches(query: str) -> Q:
    """Students whose first or last name holds each word of `query`, or whose student number
    starts with it: the search of the student list and of the caseload. On PostgreSQL an index
    serves it (students/migrations/0016_student_search_trigram_index.py)."""
    matches = Q()
    for word in query.split():
        matches &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(student_number__istartswith=word)
        )
    return matches


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
    """The student list: scoped, searched on name and number, filtered; each student with
    programme, team and current counsellor."""
    qs = Student.objects.visible_to(user).filter(search_matches(query))
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
    return with_current_counsellor(qs.select_related("programme__team")).order_by(*name_order())


def programmes_visible_to(user) -> QuerySet[Programme]:
    if user.is_superuser:
        return Programme.objects.select_related("team")
    qs = Programme.objects.filter(team__college_id=user.college_id).select_related("team")
    if user.has_role(*COLLEGE_REGISTER_ROLES):
        return qs
    return qs.filter(team_id__in=user.team_ids())


def counsellors_to_filter_on(user) -> list[tuple[int, str]]:
    """(id, name) of the counsellors offered by the student list's filter: those of the teams
    `user` works in, or all of the college for college-wide roles."""
    college_wide = user.has_role(*COLLEGE_REGISTER_ROLES)
    team_ids = user.team_ids()
    if user.college_id is None or not (college_wide or team_ids):
        return []  # no college, or no team: nobody to filter on
    qs = User.objects.filter(college_id=user.college_id, is_active=True,
                             groups__name=Role.COUNSELLOR)
    if not college_wide:
        qs = qs.filter(memberships__team_id__in=team_ids, memberships__role=Role.COUNSELLOR)
    rows = qs.distinct().order_by(*name_order()).values("pk", "first_name", "last_name", "email")
    return [(r["pk"], f"{r['first_name']} {r['last_name']}".strip() or r["email"]) for r in rows]


def groups_visible_to(user) -> QuerySet[Group]:
    if user.is_superuser:
        return Group.objects.all()
    qs = Group.objects.filter(team__college_id=user.college_id)
    if user.has_role(*COLLEGE_REGISTER_ROLES):
        return qs
    return qs.filter(Q(team_id__in=user.team_ids()) | Q(counsellor=user))


def my_groups(user) -> QuerySet[Group]:
    """Groups a counsellor can hold a session with: the ones they lead and their teams' groups."""
    return groups_visible_to(user).filter(
        Q(counsellor=user) | Q(team_id__in=user.team_ids(Role.COUNSELLOR))
    ).select_related("team", "counsellor")


def groups_of(student: Student) -> QuerySet[Group]:
    """The student's groups as the student page lists them, by name."""
    return student.groups.order_by("name", "pk")


def follow_up_owners(*team_ids: int) -> QuerySet[User]:
    """Who may own a follow-up of a team's student: active staff holding a role in the team
    (a membership counts only in the member's own college)."""
    return (
        User.objects.filter(is_active=True, memberships__team_id__in=team_ids,
                            memberships__team__college_id=F("college_id"))
        .distinct()
        .order_by(*name_order())
    )
