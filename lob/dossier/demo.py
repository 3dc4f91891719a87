"""Demo data of the career dossier (a seed step of `manage.py seed_demo`): reflections of about
a third of the active students, some with a link as evidence, some shared with their parents,
and the counsellor's response to about half of them. Deterministic, and only once per college."""

import datetime

from django.utils import timezone

from common.demo import DemoContext
from students.models import Competency, CounsellorAssignment, Student, StudentStatus

from .models import Evidence, Reflection, Response

TEXTS = {
    Competency.QUALITIES: [
        "Op stage merkte ik dat ik goed kan luisteren. Een bewoner zei dat ik rust uitstraal.",
        "Ik ben handig met computers. Ik help klasgenoten vaak met hun verslag.",
    ],
    Competency.MOTIVES: [
        "Ik wil werk waarin ik mensen echt help. Geld vind ik minder belangrijk dan dat.",
        "Ik merk dat ik energie krijg van afwisseling. Elke dag hetzelfde doen past niet bij mij.",
    ],
    Competency.WORK_EXPLORATION: [
        "Ik heb een dag meegelopen in het ziekenhuis. De nachtdienst lijkt me zwaar.",
        "Ik heb op de open dag van het hbo gekeken. De opleiding sociaal werk spreekt me aan.",
    ],
    Competency.CAREER_STEERING: [
        "Ik heb zelf een stageplek gezocht en drie bedrijven gebeld. Bij één mag ik langskomen.",
        "Mijn plan: eerst mijn diploma, dan een jaar werken en daarna misschien verder leren.",
    ],
    Competency.NETWORKING: [
        "Mijn oom werkt in de bouw. Ik heb hem gevraagd wat hij van zijn werk vindt.",
        "Ik heb via LinkedIn contact gezocht met een oud-student van mijn opleiding.",
    ],
}
RESPONSES = [
    "Mooi dat je dit zo eerlijk opschrijft. Wat wil je hier nu mee doen?",
    "Goed bezig! Neem dit mee naar ons volgende gesprek.",
    "Sterk dat je dit zelf hebt uitgezocht. Kun je een voorbeeld geven?",
]
LINKS = ["https://www.kiesmbo.nl", "https://www.s-bb.nl", "https://www.werk.nl"]


def seed_dossiers(ctx: DemoContext) -> None:
    if Reflection.objects.filter(student__college=ctx.college).exists():
        ctx.say("career dossiers already there")
        return
    rng = ctx.rng("dossier")
    students = list(
        Student.objects.filter(college=ctx.college, status=StudentStatus.ACTIVE).order_by("pk")
    )
    counsellor_of = dict(
        CounsellorAssignment.objects.filter(student__college=ctx.college, end_date__isnull=True)
        .values_list("student_id", "counsellor_id")
    )
    now = timezone.now()
    reflections, evidence, responses = [], [], []
    for student in students:
        # Demo students with a portal account always have a dossier to show.
        if student.account_id is None and rng.random() > 0.35:
            continue
        for competency in rng.sample(list(Competency), rng.randint(1, 4)):
            written = now - datetime.timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 8))
            reflections.append(Reflection(
                student=student, competency=competency.value,
                text=rng.choice(TEXTS[competency]), created_at=written,
                shared_with_guardians=rng.random() < 0.3,
            ))
    Reflection.objects.bulk_create(reflections)
    for reflection in reflections:
        if rng.random() < 0.3:
            evidence.append(Evidence(reflection=reflection, link=rng.choice(LINKS),
                                     created_at=reflection.created_at))
        counsellor = counsellor_of.get(reflection.student_id)
        if counsellor and rng.random() < 0.5:
            responses.append(Response(
                reflection=reflection, author_id=counsellor, text=rng.choice(RESPONSES),
                created_at=min(now, reflection.created_at + datetime.timedelta(days=2)),
            ))
    Evidence.objects.bulk_create(evidence)
    Response.objects.bulk_create(responses)
    ctx.say(f"{len(reflections)} dossier reflections ({len(evidence)} with a link, "
            f"{len(responses)} answered)")


def steps() -> list:
    """After the first-line history (30) and the LEC (40), before the dashboards' rollups (90)."""
    return [(60, seed_dossiers)]
