"""Reads on the student register. `student_scope` is the one rule for who sees which student."""

import datetime
from types import SimpleNamespace

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from common.choices import choice_label
from common.timeline import TimelineEntry, external_entries
from lob.sqlcache import Prepared, listed, numbered
from staff.models import User
from staff.roles import COLLEGE_REGISTER_ROLES, Role

from .models import (
    CounsellorAssignment,
    FollowUp,
    FollowUpStatus,
    Group,
    GuidanceSession,
    Programme,
    SessionAmendment,
    SessionAttendance,
    SessionFormat,
    SessionKind,
    Student,
    StudentStatus,
)

# Roles that see every student of their own college (register data).


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
    """One student, or 404 when it does not exist or `user` may not see it.

    The same query answers whether `user` reads the student's first-line records; the
    student remembers both answers for this user (`is_visible_to`, `can_read_first_line`),
    so that the apps filling the student's page do not ask the database again."""
    qs = Student.objects.visible_to(user).select_related("programme__team", "college")
    narrowed = user.is_superuser or not _sees_whole_college(user)
    if not narrowed:
        qs = qs.annotate(
            reads_first_line=ExpressionWrapper(_own_students(user), output_field=BooleanField())
        )
    student = get_object_or_404(qs, pk=pk)
    student.access_known = {user.pk: (True, True if narrowed else student.reads_first_line)}
    return student


def is_visible_to(user, student: Student) -> bool:
    """Whether `user` may see `student` (`student_scope`), without a query when the student
    was read for `user` by `student_for_user`."""
    known = getattr(student, "access_known", {}).get(user.pk)
    if known is not None:
        return known[0]
    return Student.objects.visible_to(user).filter(pk=student.pk).exists()


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
) -> QuerySet:
    """The student list: scoped, searched on name and number, filtered; the rows as values
    (LIST_FIELDS), a page of which `list_rows` makes into rows for the template."""
    qs = Student.objects.visible_to(user)
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
    return with_current_counsellor(qs).order_by("last_name", "first_name", "pk").values(
        *LIST_FIELDS)


LIST_FIELDS = ("pk", "student_number", "first_name", "last_name", "study_year", "status",
               "programme__name", "programme__team__name", "programme__pathway",
               "counsellor_id", "counsellor_first_name", "counsellor_last_name")


def list_rows(values) -> list[SimpleNamespace]:
    """A page of `student_list`, as rows with the status's label."""
    return [SimpleNamespace(**row, status_label=choice_label(Student, "status", row["status"]))
            for row in values]


def programmes_visible_to(user) -> QuerySet[Programme]:
    if user.is_superuser:
        return Programme.objects.select_related("team")
    qs = Programme.objects.filter(team__college_id=user.college_id).select_related("team")
    if user.has_role(*COLLEGE_REGISTER_ROLES):
        return qs
    return qs.filter(team_id__in=user.team_ids())


def _counsellors_qs(shape, college_id, **teams):
    college_wide, count = shape
    qs = User.objects.filter(
        college_id=college_id, is_active=True, groups__name=Role.COUNSELLOR
    )
    if not college_wide:
        qs = qs.filter(memberships__team_id__in=listed("t", count, teams),
                       memberships__role=Role.COUNSELLOR)
    return qs.distinct().values("pk", "first_name", "last_name", "email")


_COUNSELLORS = Prepared(_counsellors_qs)


def counsellors_to_filter_on(user) -> list[tuple[int, str]]:
    """(id, name) of the counsellors offered by the student list's filter: those of the teams
    `user` works in, or all of the college for college-wide roles."""
    college_wide = user.has_role(*COLLEGE_REGISTER_ROLES)
    team_ids = sorted(user.team_ids())
    if user.college_id is None or not (college_wide or team_ids):
        return []  # no college, or no team: nobody to filter on
    teams = numbered("t", team_ids)
    rows = _COUNSELLORS.rows((college_wide, len(teams)), college_id=user.college_id, **teams)
    return [(r["pk"], f"{r['first_name']} {r['last_name']}".strip() or r["email"]) for r in rows]


def groups_visible_to(user) -> QuerySet[Group]:
    if user.is_superuser:
        return Group.objects.all()
    qs = Group.objects.filter(team__college_id=user.college_id)
    if user.has_role(*COLLEGE_REGISTER_ROLES):
        return qs
    return qs.filter(Q(team_id__in=user.team_ids()) | Q(counsellor=user))


# --- First line: who reads session content ----------------------------------------------------


def first_line_students(user) -> QuerySet[Student]:
    """Students whose first-line records (sessions, follow-ups) `user` may read.

    Within `student_scope`: the students of the teams the user works in (counsellor, care
    coordinator, manager) plus the user's own caseload. College-wide roles (director, LEC,
    admin) see the register but not this content; HR sees nothing."""
    qs = Student.objects.visible_to(user)
    if user.is_superuser or not _sees_whole_college(user):
        return qs  # student_scope has narrowed it to the user's own students already
    return qs.filter(_own_students(user))


def first_line_student(user, pk: int) -> Student | None:
    """One student (with programme) whose first-line records `user` reads, or None; the
    student remembers that answer for `user` (`can_read_first_line` asks no second time)."""
    student = first_line_students(user).select_related("programme").filter(pk=pk).first()
    if student is not None:
        student.access_known = {user.pk: (True, True)}
    return student


def can_read_first_line(user, student: Student) -> bool:
    """Whether `user` reads `student`'s first-line records (`first_line_students`), without a
    query when the student was read for `user` by `student_for_user`."""
    known = getattr(student, "access_known", {}).get(user.pk)
    if known is not None:
        return known[1]
    return first_line_students(user).filter(pk=student.pk).exists()


def session_scope(qs: QuerySet[GuidanceSession], user) -> QuerySet[GuidanceSession]:
    """Sessions whose content `user` may read: the author, or a reader of one of its students."""
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    readable = SessionAttendance.objects.filter(
        session_id=OuterRef("pk"), student_id__in=first_line_students(user).values("pk")
    )
    return qs.filter(Q(counsellor_id=user.pk) | Exists(readable))


def follow_up_scope(qs: QuerySet[FollowUp], user) -> QuerySet[FollowUp]:
    """Follow-ups `user` may read: their own, and those of students whose records they read."""
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(
        Q(owner_id=user.pk)
        | Q(session__counsellor_id=user.pk)
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


def follow_up_owners(*team_ids: int) -> QuerySet[User]:
    """Who may own a follow-up of a team's student: active staff holding a role in the team
    (a membership counts only in the member's own college)."""
    return (
        User.objects.filter(is_active=True, memberships__team_id__in=team_ids,
                            memberships__team__college_id=F("college_id"))
        .distinct()
        .order_by("first_name", "last_name")
    )


def my_groups(user) -> QuerySet[Group]:
    """Groups a counsellor can hold a session with: the ones they lead and their teams' groups."""
    return groups_visible_to(user).filter(
        Q(counsellor=user) | Q(team_id__in=user.team_ids(Role.COUNSELLOR))
    ).select_related("team", "counsellor")


# --- Caseload ----------------------------------------------------------------------------------


def _count(qs: QuerySet) -> Coalesce:
    counted = qs.order_by().values("student_id").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_first_line_figures(qs: QuerySet[Student], *, today: datetime.date | None = None):
    """Annotate students with their last sessions, open and overdue follow-ups and intake state,
    each a subquery on an index: the page's query count does not grow with its rows."""
    today = today or timezone.localdate()
    now = timezone.now()
    seen = SessionAttendance.objects.filter(student_id=OuterRef("pk"), present=True).order_by(
        "-held_at"
    )
    intakes = seen.filter(session__kind=SessionKind.INTAKE).order_by("held_at")
    open_ups = FollowUp.objects.filter(student_id=OuterRef("pk"), status=FollowUpStatus.OPEN)
    not_seen_since = now - datetime.timedelta(weeks=settings.LOB_NOT_SEEN_WEEKS)
    intake_days = datetime.timedelta(weeks=settings.LOB_INTAKE_WITHIN_WEEKS)
    qs = qs.annotate(
        last_session_at=Subquery(seen.values("held_at")[:1]),
        last_individual_at=Subquery(
            seen.filter(session__format=SessionFormat.INDIVIDUAL).values("held_at")[:1]
        ),
        open_follow_ups=_count(open_ups),
        overdue_follow_ups=_count(open_ups.filter(due_date__lt=today)),
        intake_on=Subquery(intakes.annotate(day=TruncDate("held_at")).values("day")[:1]),
        # A LIMIT 1 subquery, not EXISTS: PostgreSQL may turn an EXISTS in the select list
        # into a hashed subplan over every intake of the database (grows with all data).
        intake_complete_at=Subquery(
            intakes.filter(session__intake_complete=True).values("held_at")[:1]
        ),
        intake_deadline=ExpressionWrapper(F("start_date") + intake_days, output_field=DateField()),
    )
    return qs.annotate(
        not_seen=Case(
            When(last_individual_at__isnull=True, then=Value(True)),
            When(last_individual_at__lt=not_seen_since, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        intake_state=Case(
            When(intake_on__isnull=True, intake_deadline__lt=today, then=Value("missing")),
            When(intake_on__isnull=True, then=Value("due")),
            When(intake_on__gt=F("intake_deadline"), then=Value("late")),
            When(intake_complete_at__isnull=True, then=Value("incomplete")),
            default=Value("done"),
        ),
    )


def caseload_filters() -> dict[str, Q]:
    # "not seen" is spelt out on the subquery: a filter on the CASE annotation inside an
    # aggregate's FILTER clause counted nothing on SQLite.
    since = timezone.now() - datetime.timedelta(weeks=settings.LOB_NOT_SEEN_WEEKS)
    return {
        "not_seen": Q(last_individual_at__isnull=True) | Q(last_individual_at__lt=since),
        "overdue": Q(overdue_follow_ups__gt=0),
        "open": Q(open_follow_ups__gt=0),
        "intake": Q(intake_state__in=["missing", "late", "incomplete"]),
    }


CASELOAD_SORTS = {
    "name": ["last_name", "first_name", "pk"],
    "last_session": [F("last_session_at").asc(nulls_first=True), "last_name", "pk"],
    "overdue": ["-overdue_follow_ups", "-open_follow_ups", "last_name", "pk"],
    "intake": ["intake_state", "last_name", "pk"],
}


def my_students(user) -> QuerySet[Student]:
    """Active students whose current counsellor is `user`."""
    return Student.objects.visible_to(user).filter(
        Exists(current_assignments().filter(student_id=OuterRef("pk"), counsellor_id=user.pk)),
        status=StudentStatus.ACTIVE,
    )


def caseload(user, *, query: str = "", flag: str = "", sort: str = "name") -> QuerySet[Student]:
    """My students ("mijn studenten") with their first-line figures, searched and filtered."""
    return caseload_view(caseload_base(user, query=query), flag=flag, sort=sort)


def caseload_base(user, *, query: str = "") -> QuerySet[Student]:
    """My (searched) students with their figures. The caseload's ids are read first: a caseload
    is at most a few hundred students, and PostgreSQL otherwise plans the per-student
    subqueries for the whole college before it narrows down to mine (seconds instead of ms)."""
    qs = my_students(user)
    for word in query.split():
        qs = qs.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(student_number__istartswith=word)
        )
    ids = list(qs.values_list("pk", flat=True))
    return with_first_line_figures(Student.objects.filter(pk__in=ids).select_related("programme"))


def caseload_view(qs: QuerySet[Student], *, flag: str = "", sort: str = "name"):
    """Filter a `caseload_base` on one of its flags and sort it."""
    filters = caseload_filters()
    if flag in filters:
        qs = qs.filter(filters[flag])
    return qs.order_by(*CASELOAD_SORTS.get(sort, CASELOAD_SORTS["name"]))


def caseload_counts(qs: QuerySet[Student]) -> dict[str, int]:
    """Totals for the caseload's filter buttons, in one query."""
    return qs.order_by().aggregate(
        total=Count("pk"),
        **{name: Count("pk", filter=cond) for name, cond in caseload_filters().items()},
    )


def open_follow_ups(user, *, owner=None) -> QuerySet[FollowUp]:
    """Open follow-ups (overdue first: by due date) that `user` may read, optionally of one owner."""
    qs = FollowUp.objects.filter(status=FollowUpStatus.OPEN)
    if owner is not None:
        qs = qs.filter(owner=owner)
    return follow_up_scope(qs, user).select_related("student", "owner", "session").order_by(
        "due_date", "pk"
    )


def recent_handovers(user, *, days: int = 42) -> QuerySet[CounsellorAssignment]:
    """Current assignments of `user` that started recently with a handover note."""
    since = timezone.localdate() - datetime.timedelta(days=days)
    return (
        current_assignments()
        .filter(counsellor=user, start_date__gte=since)
        .exclude(handover_note="")
        .select_related("student")
        .order_by("-start_date", "-pk")
    )


# --- Timeline ----------------------------------------------------------------------------------


def student_timeline(
    student: Student,
    user,
    *,
    first_line: bool | None = None,
    assignments: list[CounsellorAssignment] | None = None,
) -> "StudentTimeline | list[TimelineEntry]":
    """A student's timeline, newest first: sessions (present or absent) with their follow-ups
    and amendments, closed follow-ups, counsellor changes, and what other apps contribute
    (e.g. the LEC's referral status).

    For a reader of first-line records it is a `StudentTimeline` that a Paginator slices: a
    page reads only the newest entries it needs, in a fixed number of queries, however long
    the student's history. Otherwise a list of the other apps' entries."""
    entries = list(external_entries(student, user))
    if first_line is None:
        first_line = can_read_first_line(user, student)
    if not first_line:
        return sorted(entries, key=lambda e: e.when, reverse=True)
    if assignments is None:
        assignments = list(student.counsellor_assignments.select_related("counsellor"))
    tz = timezone.get_current_timezone()
    for assignment in assignments:
        entries.append(
            TimelineEntry(
                when=datetime.datetime.combine(assignment.start_date, datetime.time.min, tz),
                kind="counsellor",
                title=assignment.counsellor.get_full_name(),
                template="students/timeline/assignment.html",
                context={"assignment": assignment, "heading": gettext("Counsellor: %(name)s")
                         % {"name": assignment.counsellor.get_full_name()}},
            )
        )
    return StudentTimeline(student, entries)


_TIMELINE_COUNT = Prepared(
    lambda shape, student_id: Student.objects.filter(pk=student_id).values(
        attended=_count(SessionAttendance.objects.filter(student_id=OuterRef("pk"))),
        done=_count(FollowUp.objects.filter(student_id=OuterRef("pk"), done_at__isnull=False)),
    )
)


def _timeline_follow_ups_qs(shape, student_id, **sessions):
    """A student's follow-ups of the sessions on a timeline page, and their newest `stop`
    done or cancelled ones."""
    count, stop = shape
    newest_done = FollowUp.objects.filter(student_id=student_id, done_at__isnull=False).order_by(
        "-done_at", "-pk").values("pk")[:stop]
    return (
        FollowUp.objects.filter(student_id=student_id)
        .filter(Q(session_id__in=listed("s", count, sessions))
                | Q(pk__in=newest_done))
        .values("pk", "session_id", "description", "due_date", "status", "done_at",
                "closing_note", "owner__first_name", "owner__last_name")
        .order_by("pk")
    )


_TIMELINE_FOLLOW_UPS = Prepared(_timeline_follow_ups_qs)
_TIMELINE_AMENDMENTS = Prepared(
    lambda count, **sessions: SessionAmendment.objects.filter(
        session_id__in=listed("s", count, sessions))
    .values("session_id", "created_at", "text", "author__first_name", "author__last_name")
    .order_by("created_at", "pk")
)


def _full_name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def _follow_up_row(row: dict, today: datetime.date) -> SimpleNamespace:
    """A follow-up as the timeline shows it (FollowUp.is_open / is_overdue, the status label,
    the owner's name), from its values."""
    is_open = row["status"] == FollowUpStatus.OPEN
    return SimpleNamespace(
        **row, is_open=is_open, is_overdue=is_open and row["due_date"] < today,
        status_label=choice_label(FollowUp, "status", row["status"]),
        owner_name=_full_name(row["owner__first_name"], row["owner__last_name"]),
    )


class StudentTimeline:
    """Sessions and closed follow-ups from the database, merged with entries already in hand
    (counsellor changes, other apps'), newest first; sliced like a list by the Paginator."""

    def __init__(self, student: Student, entries: list[TimelineEntry]):
        self.student = student
        self.entries = entries

    def _attendances(self) -> QuerySet[SessionAttendance]:
        return SessionAttendance.objects.filter(student=self.student)

    def count(self) -> int:
        """Everything on the timeline, in one query (prepared: it runs on every page)."""
        counted = sum(sum(row.values()) for row in _TIMELINE_COUNT.rows((),
                                                                       student_id=self.student.pk))
        return len(self.entries) + counted

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("a timeline is read a page (a slice) at a time")
        stop = key.stop
        if not stop:
            return []  # an empty page (a timeline with nothing on it)
        # The newest `stop` of each source are enough to know the newest `stop` of all.
        attendances = list(
            self._attendances()
            .select_related("session__counsellor", "session__group")
            .order_by("-held_at", "-pk")[:stop]
        )
        session_ids = [a.session_id for a in attendances]
        sessions_shown = set(session_ids)
        sessions = numbered("s", session_ids)
        today = timezone.localdate()
        follow_ups: dict[int, list[SimpleNamespace]] = {}
        done: list[SimpleNamespace] = []
        for row in _TIMELINE_FOLLOW_UPS.rows((len(sessions), stop), student_id=self.student.pk,
                                             **sessions):
            follow_up = _follow_up_row(row, today)
            if follow_up.session_id in sessions_shown:
                follow_ups.setdefault(follow_up.session_id, []).append(follow_up)
            if follow_up.done_at:
                done.append(follow_up)
        amendments: dict[int, list[SimpleNamespace]] = {}
        if sessions:
            for row in _TIMELINE_AMENDMENTS.rows(len(sessions), **sessions):
                amendments.setdefault(row["session_id"], []).append(SimpleNamespace(
                    **row, author_name=_full_name(row["author__first_name"],
                                                  row["author__last_name"])))

        entries = list(self.entries)
        for attendance in attendances:
            session = attendance.session
            entries.append(
                TimelineEntry(
                    when=session.held_at,
                    kind="session",
                    title=session.get_kind_display(),
                    template="students/timeline/session.html",
                    context={
                        "session": session,
                        "present": attendance.present,
                        "follow_ups": follow_ups.get(session.pk, []),
                        "amendments": amendments.get(session.pk, []),
                    },
                )
            )
        done.sort(key=lambda f: (f.done_at, f.pk), reverse=True)
        for follow_up in done[:stop]:
            entries.append(
                TimelineEntry(
                    when=follow_up.done_at,
                    kind="follow_up",
                    title=follow_up.description,
                    template="students/timeline/follow_up.html",
                    context={"follow_up": follow_up},
                )
            )
        entries.sort(key=lambda e: e.when, reverse=True)
        return entries[key]


_GROUPS_OF = Prepared(
    lambda shape, student_id: Group.objects.filter(students=student_id)
    .values("pk", "name", "kind").order_by("name", "pk")
)


def groups_of(student: Student) -> list[dict]:
    """The student's groups as the student page lists them: name and kind."""
    return [{**row, "kind_label": choice_label(Group, "kind", row["kind"])}
            for row in _GROUPS_OF.rows((), student_id=student.pk)]


_INTAKES = Prepared(
    lambda shape, student_id: SessionAttendance.objects.filter(
        student_id=student_id, present=True, session__kind=SessionKind.INTAKE
    )
    .order_by("held_at", "pk")
    .values("held_at", "session_id", "session__intake_complete")
)


def intake_status(student: Student, *, today: datetime.date | None = None) -> dict:
    """Whether the intake happened, complete, within LOB_INTAKE_WITHIN_WEEKS of the start."""
    today = today or timezone.localdate()
    deadline = student.start_date + datetime.timedelta(weeks=settings.LOB_INTAKE_WITHIN_WEEKS)
    intakes = _INTAKES.rows((), student_id=student.pk)
    state = "due" if today <= deadline else "missing"
    held_on = session_id = None
    if intakes:
        session_id = intakes[0]["session_id"]
        held_on = timezone.localtime(intakes[0]["held_at"]).date()
        complete = any(row["session__intake_complete"] for row in intakes)
        state = "late" if held_on > deadline else ("done" if complete else "incomplete")
    return {"state": state, "deadline": deadline, "held_on": held_on, "session_id": session_id,
            "weeks": settings.LOB_INTAKE_WITHIN_WEEKS}
