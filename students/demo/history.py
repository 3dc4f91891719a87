"""Demo history: a school year of first-line work for the demo college."""

import datetime

from django.db import connection
from django.utils import timezone

from common.demo import DemoContext
from common.schoolyear import school_year_start
from staff.models import TeamMembership, User

from ..models import (
    Competency,
    CounsellorAssignment,
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    Group,
    GuidanceSession,
    SessionAttendance,
    SessionFormat,
    SessionKind,
    SessionLocation,
    Student,
    StudentStatus,
)
from .register import BBL, HANDOVER_NOTES
from .texts import (
    AGREEMENTS,
    CLOSING_NOTES,
    FOLLOW_UPS,
    GROUP_EVERY_DAYS,
    HOUSE,
    INDIVIDUAL_KINDS,
    LOCATIONS,
    SUMMARIES,
)


def seed_history(ctx: DemoContext) -> None:
    """A school year of first-line work: intakes (some late or missing), individual and group
    sessions of every kind, follow-ups open, done and overdue, and recent counsellor changes."""
    if GuidanceSession.objects.filter(team__college=ctx.college).exists():
        ctx.say("first-line history already there")
        return
    rng = ctx.rng("history")
    students = ctx.data.get("students") or list(
        Student.objects.filter(college=ctx.college).select_related("programme")
    )
    students = sorted(students, key=lambda s: s.pk)
    history = _History(ctx, rng, _assignments(ctx.college))
    for student in students:
        # Up to yesterday: a session later today would lie in the future.
        last_day = min(ctx.today - datetime.timedelta(days=1), student.end_date or ctx.today)
        history.intake(student, last_day)
        history.individual_sessions(student, last_day)
    for group, members in _groups_with_members(ctx.college, students):
        history.group_sessions(group, members)
    history.save_sessions()
    follow_ups = history.save_follow_ups(_staff_by_team(ctx.college))
    handovers = _recent_handovers(ctx, rng, students, history.assignments)
    _refresh_statistics()
    sessions = history.sessions
    open_count = sum(1 for f in follow_ups if f.status == FollowUpStatus.OPEN)
    overdue = sum(1 for f in follow_ups
                  if f.status == FollowUpStatus.OPEN and f.due_date < ctx.today)
    ctx.say(
        f"{len(sessions)} guidance sessions "
        f"({sum(1 for s in sessions if s.format == SessionFormat.GROUP)} group), "
        f"{len(follow_ups)} follow-ups ({open_count} open, {overdue} overdue), "
        f"{handovers} recent counsellor changes"
    )


def _assignments(college) -> dict[int, list[tuple]]:
    """(start, end, counsellor id) of each student's assignments."""
    assignments: dict[int, list[tuple]] = {}
    for student_id, counsellor_id, start, end in CounsellorAssignment.objects.filter(
        student__college=college
    ).values_list("student_id", "counsellor_id", "start_date", "end_date"):
        assignments.setdefault(student_id, []).append((start, end, counsellor_id))
    return assignments


def _staff_by_team(college) -> dict[int, list[int]]:
    staff_by_team: dict[int, list[int]] = {}
    for team_id, user_id in TeamMembership.objects.filter(team__college=college).values_list(
        "team_id", "user_id"
    ):
        staff_by_team.setdefault(team_id, []).append(user_id)
    return staff_by_team


def _groups_with_members(college, students: list[Student]):
    """(group, its students among `students`) for each group with a counsellor, by pk."""
    members: dict[int, list[Student]] = {}
    by_pk = {s.pk: s for s in students}
    through = Student.groups.through
    for group_id, student_id in through.objects.filter(
        group__team__college=college
    ).values_list("group_id", "student_id"):
        if student_id in by_pk:
            members.setdefault(group_id, []).append(by_pk[student_id])
    groups = Group.objects.filter(team__college=college, counsellor__isnull=False)
    for group in groups.order_by("pk"):
        if members.get(group.pk):
            yield group, members[group.pk]


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


class _History:
    """The sessions (with who attended) and planned follow-ups of the demo year, gathered
    before they are saved in bulk."""

    def __init__(self, ctx: DemoContext, rng, assignments: dict[int, list[tuple]]):
        self.rng = rng
        self.tz = timezone.get_current_timezone()
        self.now = timezone.now()
        self.today = ctx.today
        self.since = school_year_start(ctx.today) - datetime.timedelta(days=120)  # last spring on
        self.assignments = assignments
        self.sessions: list[GuidanceSession] = []
        self.attendance: list[list[tuple[Student, bool]]] = []  # per session
        self.follow_up_plans: list[tuple[int, Student, int, datetime.datetime]] = []

    def counsellor_on(self, student: Student, day: datetime.date) -> int | None:
        for start, end, counsellor_id in self.assignments.get(student.pk, []):
            if start <= day and (end is None or day <= end):
                return counsellor_id
        return None

    def moment(self, day: datetime.date) -> datetime.datetime:
        hour = self.rng.choice([8, 9, 10, 11, 13, 14, 15, 16])
        return datetime.datetime.combine(
            day, datetime.time(hour, self.rng.choice([0, 15, 30, 45])), self.tz)

    @staticmethod
    def weekday(day: datetime.date) -> datetime.date:
        while day.weekday() >= 5:
            day -= datetime.timedelta(days=1)
        return day

    def add(self, session: GuidanceSession, attendees: list[tuple[Student, bool]]) -> int:
        self.sessions.append(session)
        self.attendance.append(attendees)
        return len(self.sessions) - 1

    def intake(self, student: Student, last_day: datetime.date) -> None:
        """Most within four weeks, some late, some never held; some incomplete."""
        rng = self.rng
        roll = rng.random()
        if not (roll < 0.92 and student.start_date <= self.today):
            return
        offset = rng.randint(0, 25) if roll < 0.85 else rng.randint(30, 70)
        day = self.weekday(student.start_date + datetime.timedelta(days=offset))
        counsellor_id = self.counsellor_on(student, day)
        if day > last_day or not counsellor_id:
            return
        items = {"intake_motivation", "intake_prior_education", "intake_support_needs"}
        if student.programme.pathway == BBL:
            items.add("intake_workplace")
        complete = rng.random() < 0.85
        if not complete:
            items.discard(rng.choice(sorted(items)))
        held = self.moment(day)
        self.add(GuidanceSession(
            counsellor_id=counsellor_id, team_id=student.programme.team_id, held_at=held,
            duration_minutes=rng.choice([20, 30, 30, 45]), kind=SessionKind.INTAKE,
            format=SessionFormat.INDIVIDUAL, location=SessionLocation.PRIVATE_ROOM,
            comp_motives=True, comp_qualities=rng.random() < 0.5,
            summary=rng.choice(SUMMARIES[SessionKind.INTAKE]),
            agreements=rng.choice(AGREEMENTS), intake_complete=complete,
            created_at=held + datetime.timedelta(hours=2),
            **dict.fromkeys(items, True),
        ), [(student, True)])

    def individual_sessions(self, student: Student, last_day: datetime.date) -> None:
        """Every 4 to 10 weeks; some students drop out of sight."""
        rng = self.rng
        day = max(self.since, student.start_date) + datetime.timedelta(days=rng.randint(20, 50))
        stops = last_day - datetime.timedelta(weeks=rng.choice([0, 0, 0, 0, 9, 12]))
        while day <= stops:
            day = self.weekday(day)
            counsellor_id = self.counsellor_on(student, day)
            if counsellor_id:
                kind = _pick(rng, INDIVIDUAL_KINDS)
                location = (SessionLocation.PLACEMENT if kind == SessionKind.PLACEMENT_VISIT
                            else _pick(rng, LOCATIONS))
                held = self.moment(day)
                competencies = rng.sample([c.field_name for c in Competency], rng.randint(1, 3))
                index = self.add(GuidanceSession(
                    counsellor_id=counsellor_id, team_id=student.programme.team_id,
                    held_at=held, duration_minutes=rng.choice([15, 20, 30, 30, 45, 60]),
                    kind=kind, format=SessionFormat.INDIVIDUAL, location=location,
                    could_speak_freely=(rng.random() < 0.75 if rng.random() < 0.9 else None)
                    if location == SessionLocation.OPEN_SPACE else None,
                    summary=rng.choice(SUMMARIES[kind]), agreements=rng.choice(AGREEMENTS),
                    created_at=min(self.now, held + datetime.timedelta(hours=rng.randint(1, 30))),
                    **dict.fromkeys(competencies, True),
                ), [(student, True)])
                for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
                    self.follow_up_plans.append((index, student, counsellor_id, held))
            day += datetime.timedelta(days=rng.randint(28, 70))

    def group_sessions(self, group: Group, group_students: list[Student]) -> None:
        """LOB groups weekly, classes every three weeks, placement houses monthly; not in the
        summer or Christmas holidays."""
        rng = self.rng
        start = max(self.since, min(s.start_date for s in group_students))
        day = start + datetime.timedelta(days=rng.randint(3, 10))
        while day <= self.today - datetime.timedelta(days=1):
            day = self.weekday(day)
            active = [s for s in group_students
                      if s.start_date <= day and (s.end_date is None or day <= s.end_date)]
            if active and not (day.month in (7, 8) or (day.month == 12 and day.day > 20)):
                attendees = [(s, rng.random() < 0.88) for s in active]
                if not any(here for _s, here in attendees):
                    attendees[0] = (attendees[0][0], True)
                held = self.moment(day)
                kind = (SessionKind.GROUP_LESSON if group.kind != HOUSE or rng.random() < 0.7
                        else SessionKind.ALUMNUS)
                self.add(GuidanceSession(
                    counsellor_id=group.counsellor_id, team_id=group.team_id, group=group,
                    held_at=held, duration_minutes=rng.choice([45, 50, 60, 90]), kind=kind,
                    format=SessionFormat.GROUP,
                    location=SessionLocation.PLACEMENT if group.kind == HOUSE
                    else SessionLocation.PRIVATE_ROOM,
                    summary=rng.choice(SUMMARIES[SessionKind.GROUP_LESSON]),
                    created_at=held + datetime.timedelta(hours=1),
                    **dict.fromkeys(rng.sample([c.field_name for c in Competency], 2), True),
                ), attendees)
            day += datetime.timedelta(days=GROUP_EVERY_DAYS[group.kind])

    def save_sessions(self) -> None:
        GuidanceSession.objects.bulk_create(self.sessions, batch_size=2000)
        SessionAttendance.objects.bulk_create(
            [
                SessionAttendance(session=session, student=student, held_at=session.held_at,
                                  present=here)
                for session, attendees in zip(self.sessions, self.attendance, strict=True)
                for student, here in attendees
            ],
            batch_size=5000,
        )

    def save_follow_ups(self, staff_by_team: dict[int, list[int]]) -> list[FollowUp]:
        """The planned follow-ups, most of the older ones done (a few cancelled), each with
        its history."""
        follow_ups = [self._follow_up(index, student, counsellor_id, held, staff_by_team)
                      for index, student, counsellor_id, held in self.follow_up_plans]
        FollowUp.objects.bulk_create(follow_ups, batch_size=5000)
        changes = []
        for f in follow_ups:
            changes.append(FollowUpChange(follow_up=f, action=FollowUpChange.Action.CREATED,
                                          changed_by_id=f.session.counsellor_id,
                                          changed_at=f.created_at, to_owner_id=f.owner_id))
            if f.done_at:
                changes.append(FollowUpChange(follow_up=f, action=f.status,
                                              changed_by_id=f.owner_id, changed_at=f.done_at,
                                              note=f.closing_note))
        FollowUpChange.objects.bulk_create(changes, batch_size=5000)
        return follow_ups

    def _follow_up(self, index: int, student: Student, counsellor_id: int,
                   held: datetime.datetime, staff_by_team: dict[int, list[int]]) -> FollowUp:
        rng = self.rng
        team_staff = staff_by_team.get(student.programme.team_id, [counsellor_id])
        owner_id = counsellor_id if rng.random() < 0.8 else rng.choice(team_staff)
        due = held.date() + datetime.timedelta(days=rng.randint(7, 28))
        status, done_at, note = FollowUpStatus.OPEN, None, ""
        age = (self.today - due).days
        roll = rng.random()
        if (age > 14 and roll < 0.92) or (0 <= age <= 14 and roll < 0.6) or (
            age < 0 and roll < 0.2
        ):
            status = FollowUpStatus.CANCELLED if rng.random() < 0.08 else FollowUpStatus.DONE
            closed_on = min(self.today, due + datetime.timedelta(days=rng.randint(-5, 5)))
            done_at = min(self.now, max(held + datetime.timedelta(hours=3),
                                        self.moment(closed_on)))
            note = rng.choice(CLOSING_NOTES) or ("Niet meer nodig"
                                                  if status == FollowUpStatus.CANCELLED else "")
        session = self.sessions[index]
        return FollowUp(
            session=session, student=student, owner_id=owner_id,
            description=rng.choice(FOLLOW_UPS), due_date=due, status=status, done_at=done_at,
            closing_note=note, created_at=session.created_at,
        )


def _recent_handovers(ctx, rng, students, assignments) -> int:
    """A few students changed to the demo counsellor last week, each with a handover note, so
    that the demo shows handover notes on the home page."""
    demo = User.objects.filter(email=f"counsellor@{ctx.email_domain}").first()
    if demo is None:
        return 0
    team_ids = set(demo.memberships.values_list("team_id", flat=True))
    candidates = [
        s for s in students
        if s.programme.team_id in team_ids and s.status == StudentStatus.ACTIVE
        and any(end is None and c != demo.pk and (ctx.today - start).days > 30
                for start, end, c in assignments.get(s.pk, []))
    ]
    chosen = rng.sample(candidates, min(3, len(candidates)))
    change_day = ctx.today - datetime.timedelta(days=rng.randint(2, 6))
    current = CounsellorAssignment.objects.filter(student__in=chosen, end_date__isnull=True)
    current.update(end_date=change_day - datetime.timedelta(days=1))
    CounsellorAssignment.objects.bulk_create([
        CounsellorAssignment(student=s, counsellor=demo, start_date=change_day,
                             handover_note=rng.choice(HANDOVER_NOTES))
        for s in chosen
    ])
    return len(chosen)


def _refresh_statistics() -> None:
    """PostgreSQL plans from table statistics; right after a bulk load they are empty until
    autovacuum comes by, and the first pages would be planned as if the tables were tiny."""
    if connection.vendor != "postgresql":
        return
    tables = [m._meta.db_table for m in (GuidanceSession, SessionAttendance, FollowUp,
                                          FollowUpChange, CounsellorAssignment, Student)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
