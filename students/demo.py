"""Demo register: programmes, groups, 2,400 BOL and 1,600 BBL students, counsellor history."""

import datetime

from django.utils import timezone

from common.demo import FIRST_NAMES, LAST_NAMES, DemoContext
from common.schoolyear import school_year_start

from .models import (
    Competency,
    CounsellorAssignment,
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    Group,
    GroupKind,
    GuidanceSession,
    Pathway,
    Programme,
    SessionAttendance,
    SessionFormat,
    SessionKind,
    SessionLocation,
    Student,
    StudentStatus,
)

BOL, BBL = Pathway.BOL, Pathway.BBL
LOB, CLASS, HOUSE = GroupKind.LOB_GROUP, GroupKind.CLASS, GroupKind.PLACEMENT_HOUSE

# (team, name, crebo, level, pathway, students, group kind, group size, years)
PROGRAMMES = [
    ("pw", "Pedagogisch Werker", "25698", 3, BOL, 360, LOB, 9, 3),
    ("pw", "Pedagogisch Werker", "25698", 3, BBL, 240, CLASS, 20, 3),
    ("pw", "Onderwijsassistent", "25701", 4, BOL, 200, LOB, 9, 3),
    ("gz", "Assistent Gezondheidszorg", "25407", 3, BOL, 300, CLASS, 25, 3),
    ("gz", "Doktersassistent", "25408", 4, BOL, 240, CLASS, 24, 3),
    ("gz", "Apothekersassistent", "25409", 4, BOL, 120, CLASS, 20, 3),
    ("vz", "Verzorgende IG", "25491", 3, BOL, 300, HOUSE, 10, 3),
    ("vz", "Verzorgende IG", "25491", 3, BBL, 600, CLASS, 20, 3),
    ("vz", "Mbo-Verpleegkundige", "25655", 4, BBL, 200, CLASS, 20, 4),
    ("zw", "Helpende Zorg en Welzijn", "25498", 2, BOL, 200, CLASS, 20, 2),
    ("zw", "Helpende Zorg en Welzijn", "25498", 2, BBL, 360, CLASS, 20, 2),
    ("mz", "Maatschappelijke Zorg", "25480", 3, BOL, 280, CLASS, 20, 3),
    ("mz", "Maatschappelijke Zorg", "25480", 3, BBL, 200, CLASS, 20, 3),
    ("entree", "Entree – Assistent dienstverlening en zorg", "25998", 1, BOL, 120, LOB, 10, 1),
    ("sb", "Sport- en bewegingsbegeleider", "25463", 3, BOL, 280, CLASS, 20, 3),
]

KIND_PREFIX = {LOB: "LOB", CLASS: "Klas", HOUSE: "Huis"}


def seed_register(ctx: DemoContext) -> None:
    if Student.objects.filter(college=ctx.college).exists():
        ctx.say("register already there")
        return
    rng = ctx.rng("register")
    teams = ctx.data["teams"]
    counsellors = ctx.data["counsellors"]
    this_year = school_year_start(ctx.today)
    number = (ctx.index + 1) * 1_000_000

    students: list[Student] = []
    memberships: list[tuple[int, Group]] = []  # (index in students, group)
    leads: list[object] = []  # counsellor per student index
    turn = dict.fromkeys(teams, 0)

    for team_code, name, crebo, level, pathway, count, kind, size, years in PROGRAMMES:
        team = teams[team_code]
        programme, _ = Programme.objects.get_or_create(
            team=team, crebo=crebo, pathway=pathway, defaults={"name": name, "level": level}
        )
        per_year = [count // years + (1 if y < count % years else 0) for y in range(years)]
        for y, n_year in enumerate(per_year, start=1):
            start = datetime.date(this_year.year - (y - 1), 9, 1)
            n_groups = max(1, round(n_year / size))
            groups = []
            for g in range(n_groups):
                team_counsellors = counsellors[team_code]
                lead = team_counsellors[turn[team_code] % len(team_counsellors)]
                turn[team_code] += 1
                group, _ = Group.objects.get_or_create(
                    team=team,
                    name=f"{KIND_PREFIX[kind]} {programme.name[:18]} {pathway} {y}{chr(65 + g)}",
                    defaults={"kind": kind, "counsellor": lead},
                )
                groups.append(group)
            for i in range(n_year):
                number += 1
                flexible = rng.random() < 0.08 and y == 1
                student_start = datetime.date(start.year + 1, 2, 1) if flexible else start
                if student_start > ctx.today:
                    student_start = start
                if pathway == BBL:
                    age = rng.choice([18, 19, 20, 21, 22, 24, 27, 31, 36, 42])
                else:
                    age = 15 + y + rng.choice([0, 0, 0, 1, 1, 2, 3, 6])
                born = student_start - datetime.timedelta(days=365 * age + rng.randint(0, 364))
                status, end = StudentStatus.ACTIVE, None
                roll = rng.random()
                if roll < 0.025:
                    status = StudentStatus.DROPPED_OUT
                elif roll < 0.035:
                    status = StudentStatus.TRANSFERRED
                if status != StudentStatus.ACTIVE:
                    end = min(ctx.today, student_start + datetime.timedelta(days=rng.randint(40, 300)))
                students.append(
                    Student(
                        college=ctx.college,
                        student_number=str(number),
                        first_name=rng.choice(FIRST_NAMES),
                        last_name=rng.choice(LAST_NAMES),
                        date_of_birth=born,
                        programme=programme,
                        study_year=y,
                        start_date=student_start,
                        has_start_qualification=(pathway == BBL and age >= 20 and rng.random() < 0.6)
                        or level == 4 and rng.random() < 0.2,
                        status=status,
                        end_date=end,
                    )
                )
                group = groups[i % len(groups)]
                memberships.append((len(students) - 1, group))
                leads.append(group.counsellor)

    Student.objects.bulk_create(students, batch_size=1000)
    through = Student.groups.through
    through.objects.bulk_create(
        [through(student_id=students[i].pk, group_id=g.pk) for i, g in memberships],
        batch_size=2000,
    )

    assignments = []
    changes = 0
    for student, lead in zip(students, leads, strict=True):
        team_counsellors = counsellors[_team_code(student, teams)]
        days_in = (ctx.today - student.start_date).days
        if days_in > 120 and rng.random() < 0.07:
            previous = rng.choice([c for c in team_counsellors if c != lead] or [lead])
            change = student.start_date + datetime.timedelta(days=rng.randint(60, days_in - 30))
            assignments.append(CounsellorAssignment(
                student=student, counsellor=previous, start_date=student.start_date,
                end_date=change - datetime.timedelta(days=1)))
            assignments.append(CounsellorAssignment(
                student=student, counsellor=lead, start_date=change,
                handover_note=rng.choice(HANDOVER_NOTES)))
            changes += 1
        else:
            assignments.append(
                CounsellorAssignment(student=student, counsellor=lead, start_date=student.start_date)
            )
    CounsellorAssignment.objects.bulk_create(assignments, batch_size=2000)
    ctx.data["students"] = students
    bol = sum(1 for s in students if s.programme.pathway == BOL)
    ctx.say(f"{len(students)} students ({bol} BOL, {len(students) - bol} BBL), "
            f"{Group.objects.filter(team__college=ctx.college).count()} groups, "
            f"{changes} counsellor changes")


def _team_code(student: Student, teams: dict) -> str:
    for code, team in teams.items():
        if team.pk == student.programme.team_id:
            return code
    raise KeyError(student.programme.team_id)


HANDOVER_NOTES = [
    "Nieuwe mentor door roosterwijziging. Student is gemotiveerd, twijfelt over uitstroomprofiel.",
    "Overdracht na zwangerschapsverlof collega. Let op: wisselende aanwezigheid in periode 2.",
    "Student wisselde van klas. Afspraken over BPV-plek staan in het laatste gesprek.",
    "Collega vertrokken. Student heeft een lopende doorverwijzing; zorgcoördinator is op de hoogte.",
]


# --- First-line history ------------------------------------------------------------------------

# (kind, weight) for individual sessions; placement visits weigh more for BBL.
INDIVIDUAL_KINDS = [
    (SessionKind.CAREER, 30), (SessionKind.STUDY_PROGRESS, 25), (SessionKind.PORTFOLIO, 10),
    (SessionKind.PLACEMENT_VISIT, 12), (SessionKind.CAREER_REFLECTION, 15),
    (SessionKind.ALUMNUS, 3),
]
LOCATIONS = [
    (SessionLocation.PRIVATE_ROOM, 50), (SessionLocation.OPEN_SPACE, 20),
    (SessionLocation.PLACEMENT, 10), (SessionLocation.ONLINE, 12), (SessionLocation.PHONE, 8),
]
SUMMARIES = {
    SessionKind.INTAKE: [
        "Kennismaking. Bewuste keuze voor deze opleiding na snuffelstage.",
        "Intake: komt van het vmbo, wil later doorstromen naar niveau 4.",
        "Intake: eerder gestart op andere opleiding, nu gemotiveerder.",
    ],
    SessionKind.CAREER: [
        "Gesproken over wat haar energie geeft in het werk; twijfelt tussen twee richtingen.",
        "Loopbaangesprek: wil na diplomering werken en later verder leren.",
        "Student weet nog niet welke uitstroomrichting; samen opties op een rij gezet.",
    ],
    SessionKind.STUDY_PROGRESS: [
        "Studievoortgang besproken: twee vakken achter, plan gemaakt voor herkansing.",
        "Aanwezigheid is verbeterd; resultaten op schema.",
        "Moeite met planning van opdrachten naast bijbaan.",
    ],
    SessionKind.PORTFOLIO: [
        "Portfolio doorgenomen: reflecties bij de BPV ontbreken nog.",
        "Portfolio is compleet voor periode 1; feedback gegeven op reflectieverslag.",
    ],
    SessionKind.PLACEMENT_VISIT: [
        "Stagebezoek: praktijkopleider tevreden, werkt zelfstandiger.",
        "Stagebezoek: afspraken over leerdoelen en beoordelingsmoment gemaakt.",
    ],
    SessionKind.CAREER_REFLECTION: [
        "Loopbaanreflectiegesprek over een lastige situatie op de BPV-plek.",
        "Reflectie op kwaliteiten: kan goed luisteren, wil assertiever worden.",
    ],
    SessionKind.ALUMNUS: ["Gesprek met oud-student die nu in de kinderopvang werkt."],
    SessionKind.GROUP_LESSON: [
        "LOB-les: kwaliteitenspel en terugkoppeling in tweetallen.",
        "LOB-les: beroepenmarkt voorbereid, vragen voor werkgevers opgesteld.",
        "LOB-les: motieven en waarden, opdracht in het portfolio.",
        "LOB-les: netwerken — wie ken je al in het werkveld?",
    ],
}
AGREEMENTS = [
    "Student maakt een planning en mailt die voor vrijdag.",
    "Volgende afspraak over vier weken.",
    "Student zoekt twee BPV-plekken uit en bespreekt die met de praktijkopleider.",
    "Mentor neemt contact op met de zorgcoördinator.",
    "",
]
FOLLOW_UPS = [
    "Planning herkansingen nakijken",
    "Contact opnemen met praktijkopleider",
    "Student aanmelden voor open dag niveau 4",
    "Terugkoppeling verzuim aan ouders",
    "Reflectieverslag nakijken",
    "Afspraak met zorgcoördinator plannen",
    "Bpv-overeenkomst controleren",
]
CLOSING_NOTES = ["Gedaan", "Besproken in het teamoverleg", "Telefonisch afgerond", ""]
GROUP_EVERY_DAYS = {LOB: 7, CLASS: 21, HOUSE: 28}


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def seed_history(ctx: DemoContext) -> None:
    """A school year of first-line work: intakes (some late or missing), individual and group
    sessions of every kind, follow-ups open, done and overdue, and recent counsellor changes."""
    from staff.models import TeamMembership

    if GuidanceSession.objects.filter(team__college=ctx.college).exists():
        ctx.say("first-line history already there")
        return
    rng = ctx.rng("history")
    tz = timezone.get_current_timezone()
    now = timezone.now()
    today = ctx.today
    since = school_year_start(today) - datetime.timedelta(days=120)  # last spring onwards

    students = ctx.data.get("students") or list(
        Student.objects.filter(college=ctx.college).select_related("programme")
    )
    students = sorted(students, key=lambda s: s.pk)
    assignments: dict[int, list[tuple]] = {}
    for student_id, counsellor_id, start, end in CounsellorAssignment.objects.filter(
        student__college=ctx.college
    ).values_list("student_id", "counsellor_id", "start_date", "end_date"):
        assignments.setdefault(student_id, []).append((start, end, counsellor_id))
    staff_by_team: dict[int, list[int]] = {}
    for team_id, user_id in TeamMembership.objects.filter(team__college=ctx.college).values_list(
        "team_id", "user_id"
    ):
        staff_by_team.setdefault(team_id, []).append(user_id)

    def counsellor_on(student, day):
        for start, end, counsellor_id in assignments.get(student.pk, []):
            if start <= day and (end is None or day <= end):
                return counsellor_id
        return None

    def moment(day):
        hour = rng.choice([8, 9, 10, 11, 13, 14, 15, 16])
        return datetime.datetime.combine(day, datetime.time(hour, rng.choice([0, 15, 30, 45])), tz)

    def weekday(day):
        while day.weekday() >= 5:
            day -= datetime.timedelta(days=1)
        return day

    sessions: list[GuidanceSession] = []
    attendance: list[list[tuple[Student, bool]]] = []  # per session
    follow_up_plans: list[tuple[int, Student, int, datetime.datetime]] = []

    def add(session, attendees):
        sessions.append(session)
        attendance.append(attendees)
        return len(sessions) - 1

    for student in students:
        team_id = student.programme.team_id
        # Up to yesterday: a session later today would lie in the future.
        last_day = min(today - datetime.timedelta(days=1), student.end_date or today)
        # Intake: most within four weeks, some late, some never held; some incomplete.
        roll = rng.random()
        if roll < 0.92 and student.start_date <= today:
            offset = rng.randint(0, 25) if roll < 0.85 else rng.randint(30, 70)
            day = weekday(student.start_date + datetime.timedelta(days=offset))
            counsellor_id = counsellor_on(student, day)
            if day <= last_day and counsellor_id:
                items = {"intake_motivation", "intake_prior_education", "intake_support_needs"}
                if student.programme.pathway == BBL:
                    items.add("intake_workplace")
                complete = rng.random() < 0.85
                if not complete:
                    items.discard(rng.choice(sorted(items)))
                held = moment(day)
                add(GuidanceSession(
                    counsellor_id=counsellor_id, team_id=team_id, held_at=held,
                    duration_minutes=rng.choice([20, 30, 30, 45]), kind=SessionKind.INTAKE,
                    format=SessionFormat.INDIVIDUAL, location=SessionLocation.PRIVATE_ROOM,
                    comp_motives=True, comp_qualities=rng.random() < 0.5,
                    summary=rng.choice(SUMMARIES[SessionKind.INTAKE]),
                    agreements=rng.choice(AGREEMENTS), intake_complete=complete,
                    created_at=held + datetime.timedelta(hours=2),
                    **dict.fromkeys(items, True),
                ), [(student, True)])
        # Individual sessions every 4 to 10 weeks; some students drop out of sight.
        day = max(since, student.start_date) + datetime.timedelta(days=rng.randint(20, 50))
        stops = last_day - datetime.timedelta(weeks=rng.choice([0, 0, 0, 0, 9, 12]))
        while day <= stops:
            day = weekday(day)
            counsellor_id = counsellor_on(student, day)
            if counsellor_id:
                kind = _pick(rng, INDIVIDUAL_KINDS)
                location = (SessionLocation.PLACEMENT if kind == SessionKind.PLACEMENT_VISIT
                            else _pick(rng, LOCATIONS))
                held = moment(day)
                competencies = rng.sample([c.field_name for c in Competency], rng.randint(1, 3))
                index = add(GuidanceSession(
                    counsellor_id=counsellor_id, team_id=team_id, held_at=held,
                    duration_minutes=rng.choice([15, 20, 30, 30, 45, 60]), kind=kind,
                    format=SessionFormat.INDIVIDUAL, location=location,
                    could_speak_freely=(rng.random() < 0.75 if rng.random() < 0.9 else None)
                    if location == SessionLocation.OPEN_SPACE else None,
                    summary=rng.choice(SUMMARIES[kind]), agreements=rng.choice(AGREEMENTS),
                    created_at=min(now, held + datetime.timedelta(hours=rng.randint(1, 30))),
                    **dict.fromkeys(competencies, True),
                ), [(student, True)])
                for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
                    follow_up_plans.append((index, student, counsellor_id, held))
            day += datetime.timedelta(days=rng.randint(28, 70))

    # Group sessions: LOB groups weekly, classes every three weeks, placement houses monthly.
    members: dict[int, list[Student]] = {}
    by_pk = {s.pk: s for s in students}
    through = Student.groups.through
    for group_id, student_id in through.objects.filter(
        group__team__college=ctx.college
    ).values_list("group_id", "student_id"):
        if student_id in by_pk:
            members.setdefault(group_id, []).append(by_pk[student_id])
    groups = Group.objects.filter(team__college=ctx.college, counsellor__isnull=False)
    for group in groups.order_by("pk"):
        group_students = members.get(group.pk, [])
        if not group_students:
            continue
        start = max(since, min(s.start_date for s in group_students))
        day = start + datetime.timedelta(days=rng.randint(3, 10))
        while day <= today - datetime.timedelta(days=1):
            day = weekday(day)
            active = [s for s in group_students
                      if s.start_date <= day and (s.end_date is None or day <= s.end_date)]
            if active and not (day.month in (7, 8) or (day.month == 12 and day.day > 20)):
                attendees = [(s, rng.random() < 0.88) for s in active]
                if not any(here for _s, here in attendees):
                    attendees[0] = (attendees[0][0], True)
                held = moment(day)
                kind = (SessionKind.GROUP_LESSON if group.kind != HOUSE or rng.random() < 0.7
                        else SessionKind.ALUMNUS)
                add(GuidanceSession(
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

    GuidanceSession.objects.bulk_create(sessions, batch_size=2000)
    SessionAttendance.objects.bulk_create(
        [
            SessionAttendance(session=session, student=student, held_at=session.held_at,
                              present=here)
            for session, attendees in zip(sessions, attendance, strict=True)
            for student, here in attendees
        ],
        batch_size=5000,
    )

    follow_ups, changes = [], []
    for index, student, counsellor_id, held in follow_up_plans:
        team_staff = staff_by_team.get(student.programme.team_id, [counsellor_id])
        owner_id = counsellor_id if rng.random() < 0.8 else rng.choice(team_staff)
        due = held.date() + datetime.timedelta(days=rng.randint(7, 28))
        status, done_at, note = FollowUpStatus.OPEN, None, ""
        age = (today - due).days
        roll = rng.random()
        if (age > 14 and roll < 0.92) or (0 <= age <= 14 and roll < 0.6) or (
            age < 0 and roll < 0.2
        ):
            status = FollowUpStatus.CANCELLED if rng.random() < 0.08 else FollowUpStatus.DONE
            closed_on = min(today, due + datetime.timedelta(days=rng.randint(-5, 5)))
            done_at = min(now, max(held + datetime.timedelta(hours=3), moment(closed_on)))
            note = rng.choice(CLOSING_NOTES) or ("Niet meer nodig"
                                                  if status == FollowUpStatus.CANCELLED else "")
        follow_ups.append(FollowUp(
            session=sessions[index], student=student, owner_id=owner_id,
            description=rng.choice(FOLLOW_UPS), due_date=due, status=status, done_at=done_at,
            closing_note=note, created_at=sessions[index].created_at,
        ))
    FollowUp.objects.bulk_create(follow_ups, batch_size=5000)
    for f in follow_ups:
        changes.append(FollowUpChange(follow_up=f, action=FollowUpChange.Action.CREATED,
                                      changed_by_id=f.session.counsellor_id,
                                      changed_at=f.created_at, to_owner_id=f.owner_id))
        if f.done_at:
            changes.append(FollowUpChange(follow_up=f, action=f.status, changed_by_id=f.owner_id,
                                          changed_at=f.done_at, note=f.closing_note))
    FollowUpChange.objects.bulk_create(changes, batch_size=5000)

    handovers = _recent_handovers(ctx, rng, students, assignments)
    _refresh_statistics()
    open_count = sum(1 for f in follow_ups if f.status == FollowUpStatus.OPEN)
    overdue = sum(1 for f in follow_ups if f.status == FollowUpStatus.OPEN and f.due_date < today)
    ctx.say(
        f"{len(sessions)} guidance sessions "
        f"({sum(1 for s in sessions if s.format == SessionFormat.GROUP)} group), "
        f"{len(follow_ups)} follow-ups ({open_count} open, {overdue} overdue), "
        f"{handovers} recent counsellor changes"
    )


def _recent_handovers(ctx, rng, students, assignments) -> int:
    """A few students changed to the demo counsellor last week, each with a handover note, so
    that the demo shows handover notes on the home page."""
    from staff.models import User

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
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    tables = [m._meta.db_table for m in (GuidanceSession, SessionAttendance, FollowUp,
                                          FollowUpChange, CounsellorAssignment, Student)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def steps() -> list:
    """The demo steps of this app, with their place in the order of all apps' steps."""
    return [(20, seed_register), (30, seed_history)]
