"""The dossier's doors: which reflections, evidence and progress a user may read.

- a student: their own dossier (through `students.selectors.portal.portal_student`);
- staff: the dossiers of the students whose first-line records they read
  (`students.selectors.access.first_line_students`);
- a parent or guardian: only the reflections the student shared with them, of the students
  their account may see (`students.selectors.portal.guardian_students`).
Everything else answers 404.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from common.schoolyear import school_year_bounds
from staff.roles import Role
from students.models import Competency, SessionAttendance, Student, StudentStatus
from students.selectors.access import first_line_students
from students.selectors.portal import guardian_students, portal_student

from .models import Evidence, Reflection, Response


def competency_or_404(value: str) -> Competency:
    try:
        return Competency(value)
    except ValueError:
        raise Http404 from None


def reflections_of(student: Student, competency: str | None = None) -> QuerySet[Reflection]:
    """A student's reflections, newest first, with their evidence and responses (3 queries)."""
    qs = Reflection.objects.filter(student=student)
    if competency:
        qs = qs.filter(competency=competency)
    return qs.prefetch_related(
        "evidence",
        Prefetch("responses", queryset=Response.objects.select_related("author")),
    )


def _readable_reflections(user) -> QuerySet[Reflection]:
    """Reflections `user` may read (all their content but for guardians: see the module)."""
    if not user.is_authenticated or not user.is_active:
        return Reflection.objects.none()
    if user.is_portal_user:
        own = portal_student(user)
        q = Q(student=own) if own is not None else Q(pk__in=[])
        if user.has_role(Role.GUARDIAN):
            q |= Q(student__in=guardian_students(user), shared_with_guardians=True)
        return Reflection.objects.filter(q)
    return Reflection.objects.filter(student__in=first_line_students(user))


def reflection_for_student(user, pk: int) -> Reflection:
    """One of the signed-in student's own reflections, or 404."""
    student = portal_student(user)
    if student is None:
        raise Http404
    return get_object_or_404(Reflection.objects.select_related("student"), pk=pk,
                             student=student)


def reflection_for_staff(user, pk: int) -> Reflection:
    """A reflection of a student whose first-line records `user` reads, or 404."""
    qs = Reflection.objects.filter(student__in=first_line_students(user))
    return get_object_or_404(qs.select_related("student"), pk=pk)


def evidence_for_user(user, pk: int) -> Evidence:
    """One evidence row whose reflection `user` may read (see the module), or 404."""
    return get_object_or_404(
        Evidence.objects.filter(reflection__in=_readable_reflections(user)), pk=pk
    )


def reflections_shared_with_guardians(user, student: Student) -> QuerySet[Reflection]:
    """For the guardian view: the reflections `student` shared with their parents, when
    `user` is a guardian who may see `student` (none otherwise). Evidence and the
    counsellor's responses are prefetched; evidence files open through `dossier:evidence`."""
    if not guardian_students(user).filter(pk=student.pk).exists():
        return Reflection.objects.none()
    return reflections_of(student).filter(shared_with_guardians=True)


@dataclass
class CompetencyProgress:
    competency: Competency
    reflections: int = 0
    responded: int = 0
    last_reflection_at: datetime.datetime | None = None
    sessions: int = 0

    @property
    def started(self) -> bool:
        return self.reflections > 0


def _session_filter(competency: Competency) -> Q:
    return Q(**{f"session__{competency.field_name}": True})


def competency_progress(student: Student) -> list[CompetencyProgress]:
    """Per competency: the student's reflections (how many, how many answered, the latest) and
    the sessions attended that worked on it. Two queries."""
    rows = {
        r["competency"]: r
        for r in Reflection.objects.filter(student=student)
        .values("competency")
        .annotate(n=Count("pk"), responded=Count("pk", filter=Q(responses__isnull=False),
                                                 distinct=True),
                  last=Max("created_at"))
        .order_by()
    }
    sessions = SessionAttendance.objects.filter(student=student, present=True).aggregate(
        **{c.value: Count("pk", filter=_session_filter(c)) for c in Competency}
    )
    progress = []
    for c in Competency:
        row = rows.get(c.value, {})
        progress.append(CompetencyProgress(
            competency=c, reflections=row.get("n", 0), responded=row.get("responded", 0),
            last_reflection_at=row.get("last"), sessions=sessions[c.value] or 0,
        ))
    return progress


def competency_sessions(student: Student, competency: Competency, *, limit: int = 20):
    """The latest sessions the student attended that worked on `competency` (date and kind
    only: the portal never shows an internal summary or who else was there)."""
    return (
        SessionAttendance.objects.filter(student=student, present=True)
        .filter(_session_filter(competency))
        .select_related("session")
        .only("held_at", "session__kind", "session__id")
        .order_by("-held_at")[:limit]
    )


@dataclass
class TeamCompetencyRow:
    competency: Competency
    students: int
    with_reflection: int
    with_session: int


def team_competency_progress(
    team, *, school_year: int, pathway: str = "", study_year: int | None = None
) -> tuple[int, list[TeamCompetencyRow] | None]:
    """How the team's active students acquire their career competencies this school year: per
    competency, how many wrote a reflection and how many attended a session on it. Counts
    only, never names; None (with the group's size) when the group is smaller than
    LOB_AGGREGATE_MIN_GROUP. One query."""
    first, last = school_year_bounds(school_year)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1),
                                                        datetime.time.min))
    qs = Student.objects.filter(programme__team=team, status=StudentStatus.ACTIVE)
    if pathway:
        qs = qs.filter(programme__pathway=pathway)
    if study_year:
        qs = qs.filter(study_year=study_year)
    figures = {"students": Count("pk")}
    for c in Competency:
        reflected = Reflection.objects.filter(
            student_id=OuterRef("pk"), competency=c.value,
            created_at__gte=start, created_at__lt=end,
        )
        attended = SessionAttendance.objects.filter(
            student_id=OuterRef("pk"), present=True, held_at__gte=start, held_at__lt=end,
        ).filter(_session_filter(c))
        figures[f"r_{c.value}"] = Count("pk", filter=Q(Exists(reflected)))
        figures[f"s_{c.value}"] = Count("pk", filter=Q(Exists(attended)))
    row = qs.aggregate(**figures)
    if row["students"] < settings.LOB_AGGREGATE_MIN_GROUP:
        return row["students"], None
    return row["students"], [
        TeamCompetencyRow(c, row["students"], row[f"r_{c.value}"], row[f"s_{c.value}"])
        for c in Competency
    ]
