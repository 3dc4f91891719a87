"""The lists behind the figures: live, each through its owner's scoping function."""

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404

from common.names import name_order
from staff.models import Team
from students.models import (
    FollowUp,
    FollowUpStatus,
    GuidanceSession,
    Programme,
    SessionFormat,
    SessionLocation,
    Student,
    StudentStatus,
)
from students.selectors import (
    follow_up_scope,
    reads_whole_team,
    session_scope,
    with_current_counsellor,
)

from ..figures import (
    active_on,
    assignments_until,
    intake_on_time,
    seen_individually,
    starters_q,
    with_intake_deadline,
)
from ..periods import day_end, day_start, year_bounds
from .filters import Filters

DRILLS = ("not_seen", "intake_late", "changed", "left", "follow_ups", "open_space")
LEFT_STATUSES = (StudentStatus.GRADUATED, StudentStatus.DROPPED_OUT, StudentStatus.TRANSFERRED)


def _team_students(user, team: Team, filters: Filters) -> QuerySet[Student]:
    # The team's programmes as a subquery on the student's programme (index on programme):
    # through the join, the planner walked the whole college by name and tested each student.
    programmes = Programme.objects.filter(team=team).values("pk")
    qs = Student.objects.visible_to(user).filter(programme_id__in=Subquery(programmes))
    return filters.apply_students(qs).select_related("programme")


def not_seen_students(user, team: Team, filters: Filters) -> QuerySet[Student]:
    """Active students not seen individually in the weeks before the reference date."""
    ref = filters.reference
    qs = _team_students(user, team, filters).filter(active_on(ref)).exclude(seen_individually(ref))
    return with_current_counsellor(qs).order_by(*name_order())


def intake_late_students(user, team: Team, filters: Filters) -> QuerySet[Student]:
    """Students who started in the school year and had no intake within the weeks allowed."""
    qs = with_intake_deadline(_team_students(user, team, filters)).filter(
        starters_q(filters.year, filters.day), intake_deadline__lt=filters.day
    ).exclude(intake_on_time())
    return with_current_counsellor(qs).order_by("start_date", *name_order())


def changed_counsellor_students(user, team: Team, filters: Filters) -> QuerySet[Student]:
    ref = filters.reference
    qs = _team_students(user, team, filters).filter(active_on(ref)).annotate(
        assignments=assignments_until(ref)
    ).filter(assignments__gt=1)
    return with_current_counsellor(qs).order_by("-assignments", *name_order())


def left_students(user, team: Team, filters: Filters, status: str) -> QuerySet[Student]:
    if status not in LEFT_STATUSES:
        raise Http404
    first, last = year_bounds(filters.year)
    qs = _team_students(user, team, filters).filter(
        status=status, end_date__gte=first, end_date__lte=last
    )
    return with_current_counsellor(qs).order_by("end_date", *name_order())


def open_follow_ups(user, team: Team, filters: Filters, *, owner_id: int | None,
                    overdue: bool) -> QuerySet[FollowUp]:
    """Open follow-ups of the team's students that `user` may read (students.follow_up_scope)."""
    qs = FollowUp.objects.filter(status=FollowUpStatus.OPEN)
    if reads_whole_team(user, team):
        # Every follow-up of the team's students is readable: the team's students read from
        # an index, each one's open follow-ups from another (a few ms at scale 10).
        qs = qs.filter(student__programme__team=team)
    else:
        # Tested against the reader's scope, through the team's students, named: with a join
        # or a subquery the planner read every open follow-up of the ROC and tested each
        # against the scope (130-300 ms at scale 10). Unordered: nobody reads the ids in order.
        students = list(Student.objects.filter(
            programme_id__in=Subquery(Programme.objects.filter(team=team).order_by().values("pk"))
        ).order_by().values_list("pk", flat=True))
        qs = follow_up_scope(qs.filter(student_id__in=students), user)
    if owner_id:
        qs = qs.filter(owner_id=owner_id)
    if overdue:
        qs = qs.filter(due_date__lt=filters.day)
    qs = filters.apply_students(qs, "student__")
    # The students of the page fetched by key (a join made the planner hash all students).
    return qs.select_related("owner").prefetch_related("student").order_by("due_date", "pk")


def open_space_sessions(user, team: Team, filters: Filters) -> QuerySet[GuidanceSession]:
    """Individual sessions of the school year held in an open space, that `user` may read."""
    first, last = year_bounds(filters.year)
    held = (day_start(first), day_end(last))
    qs = GuidanceSession.objects.filter(
        team=team,
        format=SessionFormat.INDIVIDUAL,
        location=SessionLocation.OPEN_SPACE,
        held_at__gte=held[0],
        held_at__lt=held[1],
    )
    if filters.pathway or filters.study_year:
        students = filters.apply_students(Student.objects.filter(programme__team=team))
        qs = qs.filter(
            Exists(
                students.filter(attendances__session_id=OuterRef("pk")).values("pk")
            )
        )
    # The scope's readable-student test bounded by the same year (it hashed every attendance
    # of the reader's students over five years: 100-200 ms at scale 10).
    return (session_scope(qs, user, held=held).select_related("counsellor")
            .order_by("-held_at", "-pk"))
