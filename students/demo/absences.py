"""Demo absences: the last eight weeks as the student information system would export them,
so that the absence alerts, the caseload filter and the dashboard's attendance card show
something. Most students are never absent without excuse; a few are often, some rising."""

import datetime

from common.demo import DemoContext

from ..models import Absence, Student, StudentStatus

WEEKS = 8


def _school_days(today: datetime.date) -> list[datetime.date]:
    days = [today - datetime.timedelta(days=n) for n in range(1, WEEKS * 7)]
    return [d for d in days if d.weekday() < 5]


def seed_absences(ctx: DemoContext) -> None:
    if Absence.objects.filter(student__college=ctx.college).exists():
        ctx.say("absences already there")
        return
    rng = ctx.rng("absences")
    days = _school_days(ctx.today)
    recent = [d for d in days if (ctx.today - d).days <= 28]
    rows = []
    students = Student.objects.filter(college=ctx.college, status=StudentStatus.ACTIVE).order_by("pk")
    for student_id in students.values_list("pk", flat=True):
        roll = rng.random()
        if roll < 0.05:  # often absent without excuse
            chosen = rng.sample(days, rng.randint(4, 10))
        elif roll < 0.08:  # rising: only lately
            chosen = rng.sample(recent, 2)
        elif roll < 0.25:  # now and then
            chosen = rng.sample(days, 1)
        else:
            chosen = []
        for day in chosen:
            per_lesson = rng.random() < 0.4
            lessons = [str(h) for h in sorted(rng.sample(range(1, 9), rng.randint(1, 3)))] if per_lesson else [""]
            rows += [Absence(student_id=student_id, date=day, lesson=lesson, excused=False,
                             minutes=50 if lesson else None) for lesson in lessons]
        if rng.random() < 0.2:  # ill or at the dentist: excused
            rows.append(Absence(student_id=student_id, date=rng.choice(days), lesson="",
                                excused=True, reason=rng.choice(["ziek", "tandarts", "rijexamen"])))
    # A day may have been drawn as excused after it was unexcused: keep the first.
    unique = {}
    for row in rows:
        unique.setdefault((row.student_id, row.date, row.lesson), row)
    Absence.objects.bulk_create(unique.values(), batch_size=2000)
    ctx.say(f"{len(unique)} absences over the last {WEEKS} weeks")
