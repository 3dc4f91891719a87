"""Demo data of student feedback (a seed step of `manage.py seed_demo`): answers on recent
individual sessions, enough per counsellor for the aggregates to show."""

import datetime

from django.db.models import F
from django.utils import timezone

from common.demo import DemoContext
from students.models import SessionAttendance, SessionFormat

from .models import Answer

COMMENTS = [
    "", "", "", "Fijn dat ik alles kon vertellen.", "Ik weet nu wat ik moet doen voor mijn stage.",
    "Het gesprek was kort, maar wel nuttig.", "Ik had meer tijd nodig.",
    "Goede tips over een vervolgopleiding.",
]


def seed_feedback(ctx: DemoContext) -> None:
    if Answer.objects.filter(team__college=ctx.college).exists():
        ctx.say("student feedback already there")
        return
    rng = ctx.rng("feedback")
    since = timezone.now() - datetime.timedelta(days=120)
    attendances = (
        SessionAttendance.objects.filter(
            student__college=ctx.college, present=True, held_at__gte=since,
            session__format=SessionFormat.INDIVIDUAL,
        )
        .annotate(counsellor_id=F("session__counsellor_id"), team_id=F("session__team_id"))
        .order_by("pk")
        .values_list("student_id", "session_id", "counsellor_id", "team_id", "held_at")
    )
    answers, now = [], timezone.now()
    for student_id, session_id, counsellor_id, team_id, held_at in attendances:
        if rng.random() > 0.45:
            continue
        answers.append(Answer(
            student_id=student_id, session_id=session_id, counsellor_id=counsellor_id,
            team_id=team_id, score=rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 5, 9, 6])[0],
            comment=rng.choice(COMMENTS),
            created_at=min(now, held_at + datetime.timedelta(hours=rng.randint(1, 48))),
        ))
    Answer.objects.bulk_create(answers, ignore_conflicts=True)
    ctx.say(f"{len(answers)} feedback answers on sessions")


def steps() -> list:
    """After the appointments (70): answers on sessions of the first-line history."""
    return [(75, seed_feedback)]
