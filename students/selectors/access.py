"""Who sees which student, and who reads their first-line records (sessions, follow-ups).

`student_scope` is the one rule for the register (`Student.objects.visible_to`);
`first_line_students` narrows it to those whose sessions and follow-ups a user reads. Every
view, export and drill-down goes through these doors; they answer 404 for what is not yours.
"""

import datetime

from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.http import Http404
from django.shortcuts import get_object_or_404

from staff.roles import COLLEGE_REGISTER_ROLES, Role

from ..models import (
    CounsellorAssignment,
    FollowUp,
    GuidanceSession,
    SessionAttendance,
    Student,
)


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
    if _sees_whole_college(user):
        return qs
    return qs.filter(_own_students(user))


def _sees_whole_college(user) -> bool:
    """College-wide roles see every student of their college; everyone else (but a
    superuser) only their own students, who are also those whose first-line records they read."""
    return user.has_role(*COLLEGE_REGISTER_ROLES)


def _own_students(user) -> Q:
    """The students of the teams `user` works in, and `user`'s own current caseload."""
    own_caseload = Exists(
        current_assignments().filter(student_id=OuterRef("pk"), counsellor_id=user.pk)
    )
    return Q(programme__team_id__in=user.team_ids()) | own_caseload


def student_for_user(user, pk: int) -> Student:
    """One student (with programme, team and college), or 404 when it does not exist or
    `user` may not see it."""
    qs = Student.objects.visible_to(user).select_related("programme__team", "college")
    return get_object_or_404(qs, pk=pk)


def student_page_for_user(user, pk: int) -> tuple[Student, bool]:
    """`student_for_user`, and from the same query whether `user` reads the student's
    first-line records (`first_line_students`): the student page needs both."""
    qs = Student.objects.visible_to(user).select_related("programme__team")
    if user.is_superuser or not _sees_whole_college(user):
        # student_scope has narrowed it to the user's own students already.
        return get_object_or_404(qs, pk=pk), True
    reads = ExpressionWrapper(_own_students(user), output_field=BooleanField())
    student = get_object_or_404(qs.annotate(reads_first_line=reads), pk=pk)
    return student, student.reads_first_line


def is_visible_to(user, student: Student) -> bool:
    """Whether `user` may see `student` (`student_scope`)."""
    return Student.objects.visible_to(user).filter(pk=student.pk).exists()


def first_line_students(user) -> QuerySet[Student]:
    """Students whose first-line records (sessions, follow-ups) `user` may read.

    Within `student_scope`: the students of the teams the user works in (counsellor, care
    coordinator, manager) plus the user's own caseload. College-wide roles (director, LEC,
    admin) see the register but not this content; HR sees nothing."""
    qs = Student.objects.visible_to(user)
    if user.is_superuser or not _sees_whole_college(user):
        return qs  # student_scope has narrowed it to the user's own students already
    return qs.filter(_own_students(user))


def reads_whole_team(user, team) -> bool:
    """Whether `user` reads the first-line records of every student of `team`: a superuser, or
    a member of the team in its own college (`first_line_students` holds all of the team's
    students for them). A page about one team can then take its records without testing each
    one against the reader's scope."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return team.college_id == user.college_id and team.pk in user.team_ids()


def first_line_student(user, pk: int) -> Student | None:
    """One student (with programme) whose first-line records `user` reads, or None."""
    return first_line_students(user).select_related("programme").filter(pk=pk).first()


def can_read_first_line(user, student: Student) -> bool:
    """Whether `user` reads `student`'s first-line records (`first_line_students`)."""
    return first_line_students(user).filter(pk=student.pk).exists()


def counsellor_history(student: Student, *, first_line: bool) -> QuerySet[CounsellorAssignment]:
    """A student's counsellor assignments, oldest first, each with `note`: the handover note
    for a reader of the student's first-line records, empty for everyone else. A handover
    note is first-line content (it says how the guidance went), so for the register-only
    roles it is not even read from the database; pages, exports and e-mails show `note`."""
    qs = student.counsellor_assignments.select_related("counsellor")
    if first_line:
        return qs.annotate(note=F("handover_note"))
    return qs.defer("handover_note").annotate(note=Value("", output_field=CharField()))


def session_scope(qs: QuerySet[GuidanceSession], user, *,
                  held: tuple[datetime.datetime, datetime.datetime] | None = None,
                  ) -> QuerySet[GuidanceSession]:
    """Sessions whose content `user` may read: the author, or a reader of one of its students.

    `held` (start, end) is for a caller that shows only the sessions held in [start, end): the
    test for a readable student then reads that window's attendances (index on student and
    held_at, which an attendance copies from its session) instead of every attendance of the
    reader's students, which the planner hashes whole (five years of them at scale 10). It
    only ever narrows: a session outside the window is then readable by its author alone."""
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    # `session_id >= pk` beside `session_id = pk` changes no answer, but the planner cannot
    # turn a correlation that is not an equality into a hashed IN: it took that for some
    # readers, reading every attendance of the window in the whole ROC and testing each
    # student (80 ms on one college), where per session the index finds its few attendances.
    readable = SessionAttendance.objects.filter(
        session_id=OuterRef("pk"), session_id__gte=OuterRef("pk"),
        student_id__in=first_line_students(user).values("pk"),
    )
    if held is not None:
        readable = readable.filter(held_at__gte=held[0], held_at__lt=held[1])
    return qs.filter(Q(counsellor_id=user.pk) | Exists(readable))


def follow_up_scope(qs: QuerySet[FollowUp], user) -> QuerySet[FollowUp]:
    """Follow-ups `user` may read: their own, and those of students whose records they read."""
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    # The session's author through EXISTS on the session's primary key, not a join: a join
    # in an OR lets the planner hash all sessions of the ROC (a sequential scan).
    authored = Exists(
        GuidanceSession.objects.filter(pk=OuterRef("session_id"), counsellor_id=user.pk)
    )
    return qs.filter(
        Q(owner_id=user.pk)
        | authored
        | Q(student_id__in=first_line_students(user).values("pk"))
    )


def session_for_user(user, pk: int) -> GuidanceSession:
    """One session, or 404 when it does not exist or `user` may not read it."""
    return get_object_or_404(
        session_scope(GuidanceSession.objects.all(), user).select_related(
            "counsellor", "group", "team"
        ),
        pk=pk,
    )


def follow_up_for_user(user, pk: int, *, write: bool = False) -> FollowUp:
    """One follow-up, or 404. With `write`: only its owner, the session's author and the
    team's care coordinator or manager may change it."""
    qs = follow_up_scope(FollowUp.objects.all(), user).select_related(
        "student", "owner", "session__team"
    )
    follow_up = get_object_or_404(qs, pk=pk)
    if write and not can_change_follow_up(user, follow_up):
        raise Http404
    return follow_up


def can_change_follow_up(user, follow_up: FollowUp) -> bool:
    if user.is_superuser or user.pk in (follow_up.owner_id, follow_up.session.counsellor_id):
        return True
    return follow_up.session.team_id in user.team_ids(Role.MANAGER, Role.CARE_COORDINATOR)
