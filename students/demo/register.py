"""Demo register: programmes, groups, 2,400 BOL and 1,600 BBL students, counsellor history."""

import datetime

from common.demo import FIRST_NAMES, LAST_NAMES, DemoContext
from common.schoolyear import school_year_start

from ..models import (
    CounsellorAssignment,
    Group,
    GroupKind,
    Pathway,
    Programme,
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
    students, memberships, leads = _students(ctx, rng)
    Student.objects.bulk_create(students, batch_size=1000)
    through = Student.groups.through
    through.objects.bulk_create(
        [through(student_id=students[i].pk, group_id=g.pk) for i, g in memberships],
        batch_size=2000,
    )
    changes = _assign_counsellors(ctx, rng, students, leads)
    ctx.data["students"] = students
    graduates = _graduates(ctx, ctx.rng("graduates"))
    Student.objects.bulk_create(graduates, batch_size=1000)
    bol = sum(1 for s in students if s.programme.pathway == BOL)
    ctx.say(f"{len(students)} students ({bol} BOL, {len(students) - bol} BBL) and "
            f"{len(graduates)} graduates of the last {GRADUATE_YEARS} school years, "
            f"{Group.objects.filter(team__college=ctx.college).count()} groups, "
            f"{changes} counsellor changes")


def _students(ctx: DemoContext, rng) -> tuple[list[Student], list[tuple[int, Group]], list]:
    """The students of every programme and year (not saved yet), each in one of the year's
    groups: (students, (index in students, group) memberships, the group's counsellor per
    student)."""
    teams, counsellors = ctx.data["teams"], ctx.data["counsellors"]
    this_year = school_year_start(ctx.today)
    number = (ctx.index + 1) * 1_000_000
    students: list[Student] = []
    memberships: list[tuple[int, Group]] = []
    leads: list[object] = []
    turn = dict.fromkeys(teams, 0)
    for team_code, name, crebo, level, pathway, count, kind, size, years in PROGRAMMES:
        team = teams[team_code]
        programme, _ = Programme.objects.get_or_create(
            team=team, crebo=crebo, pathway=pathway, defaults={"name": name, "level": level}
        )
        per_year = [count // years + (1 if y < count % years else 0) for y in range(years)]
        for y, n_year in enumerate(per_year, start=1):
            start = datetime.date(this_year.year - (y - 1), 9, 1)
            groups = []
            for g in range(max(1, round(n_year / size))):
                team_counsellors = counsellors[team_code]
                lead = team_counsellors[turn[team_code] % len(team_counsellors)]
                turn[team_code] += 1
                groups.append(Group.objects.get_or_create(
                    team=team,
                    name=f"{KIND_PREFIX[kind]} {programme.name[:18]} {pathway} {y}{chr(65 + g)}",
                    defaults={"kind": kind, "counsellor": lead},
                )[0])
            for i in range(n_year):
                number += 1
                students.append(_student(ctx, rng, programme, level, y, start, number))
                group = groups[i % len(groups)]
                memberships.append((len(students) - 1, group))
                leads.append(group.counsellor)
    return students, memberships, leads


# Graduates of earlier school years (within the first-line retention term, so the nightly
# purge keeps them): the outflow figures show diplomas beside dropout.
GRADUATE_YEARS = 2


def _graduates(ctx: DemoContext, rng) -> list[Student]:
    """Per programme, part of a final-year cohort that graduated in July of each of the last
    GRADUATE_YEARS school years (not saved yet; no groups or counsellor now)."""
    this_year = school_year_start(ctx.today).year
    number = (ctx.index + 1) * 1_000_000 + 500_000
    graduates = []
    for team_code, _name, crebo, _level, pathway, count, _kind, _size, years in PROGRAMMES:
        programme = Programme.objects.get(team=ctx.data["teams"][team_code], crebo=crebo,
                                          pathway=pathway)
        for past in range(1, GRADUATE_YEARS + 1):
            graduated_on = datetime.date(this_year - past + 1, 7, 10)
            started = datetime.date(graduated_on.year - years, 9, 1)
            for _ in range(max(3, count // years // 3)):
                number += 1
                age = 15 + years + rng.choice([0, 0, 1, 2]) if pathway != BBL else rng.choice(
                    [19, 21, 24, 30])
                graduates.append(Student(
                    college=ctx.college, student_number=str(number),
                    first_name=rng.choice(FIRST_NAMES), last_name=rng.choice(LAST_NAMES),
                    date_of_birth=started - datetime.timedelta(days=365 * age
                                                               + rng.randint(0, 364)),
                    programme=programme, study_year=years, start_date=started,
                    status=StudentStatus.GRADUATED, end_date=graduated_on,
                ))
    return graduates


def _student(ctx: DemoContext, rng, programme: Programme, level: int, year: int,
             start: datetime.date, number: int) -> Student:
    """A student of `programme` in study year `year`: some start in February, a few have left."""
    pathway = programme.pathway
    flexible = rng.random() < 0.08 and year == 1
    student_start = datetime.date(start.year + 1, 2, 1) if flexible else start
    if student_start > ctx.today:
        student_start = start
    if pathway == BBL:
        age = rng.choice([18, 19, 20, 21, 22, 24, 27, 31, 36, 42])
    else:
        age = 15 + year + rng.choice([0, 0, 0, 1, 1, 2, 3, 6])
    born = student_start - datetime.timedelta(days=365 * age + rng.randint(0, 364))
    status, end = StudentStatus.ACTIVE, None
    roll = rng.random()
    if roll < 0.025:
        status = StudentStatus.DROPPED_OUT
    elif roll < 0.035:
        status = StudentStatus.TRANSFERRED
    if status != StudentStatus.ACTIVE:
        end = min(ctx.today, student_start + datetime.timedelta(days=rng.randint(40, 300)))
    return Student(
        college=ctx.college,
        student_number=str(number),
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        date_of_birth=born,
        programme=programme,
        study_year=year,
        start_date=student_start,
        has_start_qualification=(pathway == BBL and age >= 20 and rng.random() < 0.6)
        or level == 4 and rng.random() < 0.2,
        status=status,
        end_date=end,
    )


def _assign_counsellors(ctx: DemoContext, rng, students: list[Student], leads: list) -> int:
    """Each student's counsellor is their group's; a few changed counsellor during the year
    (with a handover note). Returns how many changed."""
    teams, counsellors = ctx.data["teams"], ctx.data["counsellors"]
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
    return changes


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
