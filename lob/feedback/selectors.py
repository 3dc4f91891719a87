"""Which conversations a student may still give feedback on, and the aggregates staff see.

Nobody on staff reads an answer on its own: a counsellor sees the aggregate of their own
conversations and a team's managers the team's, each only from LOB_AGGREGATE_MIN_GROUP answers
up, and the comments only then, without date or name, in alphabetical order."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, Q
from django.utils import timezone

from common.schoolyear import school_year_bounds
from lob.appointments.models import Appointment
from lob.appointments.models import Status as AppointmentStatus
from students.models import SessionAttendance, SessionFormat

from .models import Answer


@dataclass
class Conversation:
    kind: str  # "session" | "appointment"
    pk: int
    held_at: datetime.datetime
    counsellor_name: str


def open_conversations(student, *, now: datetime.datetime | None = None) -> list[Conversation]:
    """The student's individual sessions (present) and held appointments of the last
    LOB_FEEDBACK_WINDOW_DAYS not answered yet, newest first. A session logged from a held
    appointment (same counsellor, same day) is the same conversation: asked about once."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=settings.LOB_FEEDBACK_WINDOW_DAYS)
    answered = Answer.objects.filter(student=student)
    appointments = list(
        Appointment.objects.filter(student=student, status=AppointmentStatus.HELD,
                                   slot__starts_at__gte=since, slot__starts_at__lte=now)
        .exclude(pk__in=answered.filter(appointment__isnull=False).values("appointment_id"))
        .select_related("slot__counsellor")
    )
    held = {(a.slot.counsellor_id, timezone.localtime(a.slot.starts_at).date())
            for a in Appointment.objects.filter(student=student, status=AppointmentStatus.HELD,
                                                slot__starts_at__gte=since)
            .select_related("slot")}
    attendances = (
        SessionAttendance.objects.filter(
            student=student, present=True, held_at__gte=since, held_at__lte=now,
            session__format=SessionFormat.INDIVIDUAL,
        )
        .exclude(session_id__in=answered.filter(session__isnull=False).values("session_id"))
        .select_related("session__counsellor")
    )
    found = [Conversation("appointment", a.pk, a.slot.starts_at, a.slot.counsellor.get_full_name())
             for a in appointments]
    for a in attendances:
        session = a.session
        if (session.counsellor_id, timezone.localtime(a.held_at).date()) in held:
            continue
        found.append(Conversation("session", session.pk, a.held_at,
                                  session.counsellor.get_full_name()))
    return sorted(found, key=lambda c: c.held_at, reverse=True)


def conversation_for_student(student, kind: str, pk: int, *, now=None) -> Conversation | None:
    """One conversation the student may still answer, or None."""
    for c in open_conversations(student, now=now):
        if c.kind == kind and c.pk == pk:
            return c
    return None


@dataclass
class Aggregate:
    answers: int
    mean: float | None = None
    distribution: list[tuple[int, int]] | None = None  # (score, answers), 1..5
    comments: list[str] | None = None

    @property
    def shown(self) -> bool:
        return self.mean is not None

    @property
    def minimum(self) -> int:
        return settings.LOB_AGGREGATE_MIN_GROUP


def _aggregate(qs, *, with_comments: bool) -> Aggregate:
    figures = qs.aggregate(
        n=Count("pk"), mean=Avg("score"),
        **{f"s{i}": Count("pk", filter=Q(score=i)) for i in range(1, 6)},
    )
    if figures["n"] < settings.LOB_AGGREGATE_MIN_GROUP:
        return Aggregate(answers=figures["n"])
    comments = None
    if with_comments:
        comments = sorted(
            c.strip() for c in qs.exclude(comment="").values_list("comment", flat=True)[:200]
        )
    return Aggregate(
        answers=figures["n"], mean=round(float(figures["mean"]), 1),
        distribution=[(i, figures[f"s{i}"]) for i in range(1, 6)], comments=comments,
    )


def _within(qs, school_year: int):
    first, last = school_year_bounds(school_year)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1),
                                                        datetime.time.min))
    return qs.filter(created_at__gte=start, created_at__lt=end)


def counsellor_aggregate(user, *, school_year: int) -> Aggregate:
    """The counsellor's own conversations this school year (never who answered what)."""
    return _aggregate(_within(Answer.objects.filter(counsellor=user), school_year),
                      with_comments=True)


def team_aggregate(team, *, school_year: int) -> Aggregate:
    """The team's conversations this school year, for the dashboard (figures only)."""
    return _aggregate(_within(Answer.objects.filter(team=team), school_year),
                      with_comments=False)
