"""Demo data of appointments (a seed step of `manage.py seed_demo`): for each counsellor with a
caseload, times in the last week (held, one a no-show) and in the next two weeks (some booked by
their students, the rest free), in private rooms. Deterministic, and only once per college."""

import datetime

from django.conf import settings
from django.utils import timezone

from common.demo import DemoContext
from students.models import CounsellorAssignment, SessionLocation

from .models import Appointment, Slot, Status

ROOMS = ["Lokaal 1.12", "Lokaal 2.04", "Spreekkamer 3", "Spreekkamer 5"]
TOPICS = ["", "", "Mijn stage", "Welke vervolgopleiding past bij mij?", "Ik twijfel over mijn opleiding"]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def seed_appointments(ctx: DemoContext) -> None:
    if Slot.objects.filter(college=ctx.college).exists():
        ctx.say("appointments already there")
        return
    rng = ctx.rng("appointments")
    caseloads: dict[int, list[int]] = {}
    for counsellor_id, student_id in (
        CounsellorAssignment.objects.filter(student__college=ctx.college, end_date__isnull=True,
                                            student__status="active")
        .order_by("counsellor_id", "student_id").values_list("counsellor_id", "student_id")
    ):
        caseloads.setdefault(counsellor_id, []).append(student_id)
    slots, bookings, open_count = [], [], {}
    now = timezone.now()
    for counsellor_id, students in caseloads.items():
        room = rng.choice(ROOMS)
        days = [ctx.today + datetime.timedelta(days=d) for d in (-6, -5, -1, 2, 3, 7, 9, 10)]
        for day in days:
            if day.weekday() >= 5:
                continue
            for hour in (10, 14):
                slot = Slot(counsellor_id=counsellor_id, college=ctx.college,
                            starts_at=_at(day, hour, rng.choice([0, 30])),
                            duration_minutes=30, location=SessionLocation.PRIVATE_ROOM,
                            place=room, created_at=_at(ctx.today - datetime.timedelta(days=14), 9))
                slots.append(slot)
                past = day < ctx.today
                if students and (past or rng.random() < 0.35):
                    student_id = rng.choice(students)
                    if not past:
                        # Within the rule a student books by: at most so many to come.
                        if open_count.get(student_id, 0) >= settings.LOB_APPOINTMENT_MAX_OPEN:
                            continue
                        open_count[student_id] = open_count.get(student_id, 0) + 1
                    bookings.append((slot, student_id, past))
    Slot.objects.bulk_create(slots)
    appointments = []
    for slot, student_id, past in bookings:
        status = Status.BOOKED
        if past:
            status = Status.NO_SHOW if rng.random() < 0.15 else Status.HELD
        appointments.append(Appointment(
            slot=slot, student_id=student_id, topic=rng.choice(TOPICS), status=status,
            booked_at=min(now, slot.starts_at - datetime.timedelta(days=3)),
            closed_at=slot.ends_at if past else None,
            closed_by_id=slot.counsellor_id if past else None,
        ))
    Appointment.objects.bulk_create(appointments)
    ctx.say(f"{len(slots)} appointment times, {len(appointments)} booked "
            f"({sum(1 for a in appointments if a.status == Status.NO_SHOW)} no-shows)")


def steps() -> list:
    """After the first-line history (30): counsellors and caseloads exist."""
    return [(70, seed_appointments)]
