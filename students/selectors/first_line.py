"""The counsellor's first-line work: the caseload and its figures, open follow-ups, recent
handovers, a student's intake."""

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from common.names import name_order

from ..models import (
    CounsellorAssignment,
    FollowUp,
    FollowUpStatus,
    SessionAttendance,
    SessionFormat,
    SessionKind,
    Student,
    StudentStatus,
)
from .access import current_assignments, follow_up_scope
from .attendance import is_absence_alert, with_absence_figures
from .register import search_matches


def _count(qs: QuerySet) -> Coalesce:
    counted = qs.order_by().values("student_id").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _seen() -> QuerySet[SessionAttendance]:
    """The outer student's attendances at which they were present, the latest first."""
    return SessionAttendance.objects.filter(student_id=OuterRef("pk"), present=True).order_by(
        "-held_at"
    )


def _intakes() -> QuerySet[SessionAttendance]:
    """The outer student's intakes at which they were present, the first first."""
    return _seen().filter(session__kind=SessionKind.INTAKE).order_by("held_at")


def _complete_intake() -> Subquery:
    """Any complete intake of the outer student (only whether there is one counts). A LIMIT 1
    subquery, not EXISTS: PostgreSQL may turn an EXISTS in the select list into a hashed
    subplan over every intake of the database (grows with all data). Unordered, so that it
    stops at the first match on the student's index instead of sorting all their
    attendances."""
    return Subquery(_intakes().filter(session__intake_complete=True).order_by().values("pk")[:1])


def timeline_sizes() -> dict[str, Coalesce]:
    """What the outer student's timeline holds from the database, as annotations: `attended`
    (attendances) and `done` (follow-ups done or cancelled)."""
    return {
        "attended": _count(SessionAttendance.objects.filter(student_id=OuterRef("pk"))),
        "done": _count(FollowUp.objects.filter(student_id=OuterRef("pk"), done_at__isnull=False)),
    }


def _last_individual_at() -> Subquery:
    return Subquery(_seen().filter(session__format=SessionFormat.INDIVIDUAL).values("held_at")[:1])


def with_first_line_figures(qs: QuerySet[Student], *, today: datetime.date | None = None):
    """Annotate students with their last sessions, open and overdue follow-ups, first intake
    and unexcused absence, each a subquery on an index: the page's query count does not grow
    with its rows. The flags that follow from these figures are set on the rows read
    (`set_first_line_flags`): as annotations of their own, each would repeat its figures'
    subqueries in the SQL (the caseload's query took twice as long, and as long to build)."""
    today = today or timezone.localdate()
    seen = _seen()
    open_ups = FollowUp.objects.filter(student_id=OuterRef("pk"), status=FollowUpStatus.OPEN)
    qs = qs.annotate(
        last_session_at=Subquery(seen.values("held_at")[:1]),
        last_individual_at=_last_individual_at(),
        open_follow_ups=_count(open_ups),
        overdue_follow_ups=_count(open_ups.filter(due_date__lt=today)),
        intake_on=Subquery(_intakes().annotate(day=TruncDate("held_at")).values("day")[:1]),
        complete_intake=_complete_intake(),
    )
    return with_absence_figures(qs, today)


def intake_state(student: Student, today: datetime.date) -> str:
    """"done", "due" (none yet, still in time), "missing" (none, too late), "late" (held after
    the LOB_INTAKE_WITHIN_WEEKS weeks) or "incomplete", on `with_first_line_figures`."""
    deadline = student.start_date + datetime.timedelta(weeks=settings.LOB_INTAKE_WITHIN_WEEKS)
    if student.intake_on is None:
        return "missing" if deadline < today else "due"
    if student.intake_on > deadline:
        return "late"
    return "done" if student.complete_intake is not None else "incomplete"


def set_first_line_flags(students: list[Student], *, today: datetime.date | None = None,
                         ) -> list[Student]:
    """Set `not_seen`, `intake_state` and `absence_alert` on students read with
    `with_first_line_figures` (the dashboards and reminders count the same conditions in SQL:
    not seen, `figures.with_intake_deadline`, `absence_alert_q`)."""
    today = today or timezone.localdate()
    for student in _set_alert_flags(students):
        student.intake_state = intake_state(student, today)
    return students


def _set_alert_flags(students: list[Student]) -> list[Student]:
    """`not_seen` and `absence_alert`, on `last_individual_at` and the absence figures."""
    not_seen_since = timezone.now() - datetime.timedelta(weeks=settings.LOB_NOT_SEEN_WEEKS)
    for student in students:
        student.not_seen = (student.last_individual_at is None
                            or student.last_individual_at < not_seen_since)
        student.absence_alert = is_absence_alert(student.absent_days, student.absent_days_before)
    return students


# The caseload's flags and orders, on the figures of `with_first_line_figures` (the conditions
# themselves: `set_first_line_flags`).
INTAKE_TO_CHECK = frozenset({"missing", "late", "incomplete"})
CASELOAD_FLAGS: dict[str, Callable[[Student], bool]] = {
    "not_seen": lambda s: s.not_seen,
    "overdue": lambda s: s.overdue_follow_ups > 0,
    "open": lambda s: s.open_follow_ups > 0,
    "intake": lambda s: s.intake_state in INTAKE_TO_CHECK,
    "absence": lambda s: s.absence_alert,
}
# Each order on top of the name order the rows come in (Python's sort keeps it among equals).
CASELOAD_SORTS: dict[str, Callable[[Student], Any] | None] = {
    "name": None,
    # Longest without an individual session first (never: first of all): what "not seen" counts.
    "last_session": lambda s: (s.last_individual_at is not None, s.last_individual_at),
    "overdue": lambda s: (-s.overdue_follow_ups, -s.open_follow_ups),
    "intake": lambda s: s.intake_state,
    "absence": lambda s: -s.absent_days,
}


def my_students(user) -> QuerySet[Student]:
    """Active students whose current counsellor is `user`."""
    return Student.objects.visible_to(user).filter(
        Exists(current_assignments().filter(student_id=OuterRef("pk"), counsellor_id=user.pk)),
        status=StudentStatus.ACTIVE,
    )


def caseload(user, *, query: str = "", flag: str = "", sort: str = "name") -> list[Student]:
    """My students ("mijn studenten") with their first-line figures, searched and filtered."""
    return caseload_view(caseload_students(user, query=query), flag=flag, sort=sort)


def caseload_students(user, *, query: str = "") -> list[Student]:
    """My (searched) students with their figures, in name order.

    A caseload is at most a few hundred students, so it is read whole, in one query: the
    page's counts, its filter and its order are worked out on these rows, and the figures'
    subqueries run once per student instead of once for the counts and again for the rows."""
    return set_first_line_flags(list(
        with_first_line_figures(_caseload_by_key(user, query=query))
        .select_related("programme").order_by(*name_order())
    ))


def _caseload_by_key(user, *, query: str = "") -> QuerySet[Student]:
    """My (searched) students, selected by their ids, read first: with the caseload's filter
    under per-student subqueries, PostgreSQL plans those subqueries for the whole college
    before it narrows down to mine (seconds instead of ms)."""
    qs = my_students(user).filter(search_matches(query))
    return Student.objects.filter(pk__in=list(qs.values_list("pk", flat=True)))


def caseload_alerts(user) -> list[Student]:
    """My students, in name order, with only what the home page's panels test and show: when
    each was last seen individually (`not_seen`) and their unexcused absence (`absence_alert`).
    The same flags as `caseload_students` sets, from two of its seven figures: on every
    counsellor's first page the other five (follow-ups, intake) made the query take about twice
    as long to build and to run."""
    return _set_alert_flags(list(
        with_absence_figures(_caseload_by_key(user), timezone.localdate())
        .annotate(last_individual_at=_last_individual_at()).order_by(*name_order())
    ))


def caseload_view(students: list[Student], *, flag: str = "", sort: str = "name") -> list[Student]:
    """The students of `caseload_students` that carry `flag` (all for no flag), sorted; of
    `caseload_alerts` for the flags and orders "not_seen"/"last_session" and "absence" only."""
    test = CASELOAD_FLAGS.get(flag)
    rows = [s for s in students if test(s)] if test else list(students)
    key = CASELOAD_SORTS.get(sort)
    if key is not None:
        rows.sort(key=key)
    return rows


def caseload_counts(students: list[Student]) -> dict[str, int]:
    """Totals for the caseload's filter buttons."""
    return {"total": len(students),
            **{name: sum(1 for s in students if test(s)) for name, test in CASELOAD_FLAGS.items()}}


def open_follow_ups(user, *, owner=None) -> QuerySet[FollowUp]:
    """Open follow-ups (overdue first: by due date) that `user` may read, optionally of one owner."""
    qs = FollowUp.objects.filter(status=FollowUpStatus.OPEN)
    if owner is not None:
        qs = qs.filter(owner=owner)
    if not (owner is not None and owner.pk == user.pk and user.is_active):
        # One's own follow-ups are always readable (the scope's first rule), so "mine" needs no
        # scope: ORed across relations it made PostgreSQL scan every session for some users.
        qs = follow_up_scope(qs, user)
    return qs.select_related("student", "owner", "session").order_by("due_date", "pk")


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


def suggested_session_kind(student: Student) -> str:
    """The kind a new individual session with `student` starts as: an intake only for a
    first-year who has not had one (a third-year, or anyone who had an intake, gets a career
    conversation)."""
    if student.study_year <= 1 and not SessionAttendance.objects.filter(
        student=student, present=True, session__kind=SessionKind.INTAKE
    ).exists():
        return SessionKind.INTAKE
    return SessionKind.CAREER


def student_page_figures(student: Student, *, today: datetime.date) -> dict:
    """The figures of the student page, in one query: how much the timeline holds (`attended`:
    attendances, `done`: follow-ups done or cancelled), the unexcused absence of the alert
    window and the window before (`absent_days`, `absent_days_before`), and the first intake
    (`intake_at`, `intake_session_id`) with whether any intake was complete."""
    first = _intakes().order_by("held_at", "pk")
    return with_absence_figures(Student.objects.filter(pk=student.pk), today).values(
        "absent_days",
        "absent_days_before",
        **timeline_sizes(),
        intake_at=Subquery(first.values("held_at")[:1]),
        intake_session_id=Subquery(first.values("session_id")[:1]),
        complete_intake=_complete_intake(),
    ).get()


def intake_status(student: Student, figures: dict, *, today: datetime.date) -> dict:
    """Whether the intake happened, complete, within LOB_INTAKE_WITHIN_WEEKS of the start, on
    the student's `student_page_figures`."""
    deadline = student.start_date + datetime.timedelta(weeks=settings.LOB_INTAKE_WITHIN_WEEKS)
    state = "due" if today <= deadline else "missing"
    held_on = None
    if figures["intake_at"] is not None:
        held_on = timezone.localtime(figures["intake_at"]).date()
        complete = figures["complete_intake"] is not None
        state = "late" if held_on > deadline else ("done" if complete else "incomplete")
    return {"state": state, "deadline": deadline, "held_on": held_on,
            "session_id": figures["intake_session_id"],
            "weeks": settings.LOB_INTAKE_WITHIN_WEEKS}
