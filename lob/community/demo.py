"""Demo data: a library of LOB materials with ratings and uses in group sessions, and
intervisie meetings (recorded ones in the past, one coming up)."""

import datetime

from django.utils import timezone

from staff.models import TeamMembership
from students.models import GuidanceSession, SessionFormat

from .models import Material, MaterialRating, MaterialUse, Meeting, MeetingKind
from .services import meeting_record

MATERIALS = [
    ("Kwaliteitenspel in tweetallen", "Studenten kiezen elk vijf kwaartkaarten voor de ander en "
     "bespreken waar ze het over eens zijn.", ["qualities"], 1, 2),
    ("Motievenkaart: wat drijft jou?", "Een werkblad met twintig motieven; studenten kiezen hun "
     "top drie en koppelen ze aan hun stage.", ["motives"], 1, 3),
    ("Beroepenmarkt met alumni", "Draaiboek voor een middag waarin oud-studenten vertellen over "
     "hun werk.", ["work_exploration", "networking"], 2, 4),
    ("Loopbaangesprek in drie vragen", "Wat ging goed, wat wil je leren, wie heb je daarvoor "
     "nodig? Voor gesprekken op de werkplek.", ["career_steering"], 1, 4),
    ("LinkedIn-profiel in één les", "Stappenplan en voorbeeldprofielen uit de zorg.",
     ["networking"], 3, 4),
    ("Stagereflectie met de STARR-methode", "Een format voor de reflectie na een stageperiode.",
     ["qualities", "career_steering"], 2, 3),
]


def steps() -> list:
    """The demo steps of this app, with their place in the order of all apps' steps."""
    return [(80, seed_community), (81, seed_alumni)]


def seed_community(ctx):
    college = ctx.college
    if Material.objects.filter(college=college).exists():
        return
    rng = ctx.rng("community")
    members = list(TeamMembership.objects.filter(team__college=college, role="counsellor")
                   .select_related("team", "user").order_by("team__name", "user_id"))
    if not members:
        return
    materials = []
    for i, (title, text, comps, first, last) in enumerate(MATERIALS):
        author = members[(i * 7) % len(members)]
        materials.append(Material.objects.create(
            college=college, team=author.team if i % 2 else None, title=title, description=text,
            study_year_from=first, study_year_to=last,
            link=f"https://lob-materialen.example.nl/{i + 1}", author=author.user,
            **{f"comp_{c}": True for c in comps}))
    for material in materials:
        for member in rng.sample(members, min(6, len(members))):
            MaterialRating.objects.get_or_create(material=material, user=member.user,
                                                 defaults={"stars": rng.choice([3, 4, 4, 5, 5])})
    sessions = list(GuidanceSession.objects.filter(team__college=college,
                                                   format=SessionFormat.GROUP)
                    .order_by("-held_at")[:60])
    uses = [MaterialUse(material=rng.choice(materials), user_id=s.counsellor_id, session=s,
                        team_id=s.team_id, used_at=s.held_at) for s in sessions[::3]]
    MaterialUse.objects.bulk_create(uses, ignore_conflicts=True)
    now = timezone.now()
    by_team: dict = {}
    for member in members:
        by_team.setdefault(member.team, []).append(member.user)
    for n, (team, users) in enumerate(list(by_team.items())[:3]):
        organiser = users[0]
        for weeks_ago in (10, 3):
            starts = (now - datetime.timedelta(weeks=weeks_ago)).replace(
                hour=15, minute=0, second=0, microsecond=0)
            meeting = Meeting.objects.create(
                college=college, team=team, kind=MeetingKind.INTERVISION,
                title=f"Intervisie {team.name}", starts_at=starts, duration_minutes=90,
                location="Lokaal B2.14", organiser=organiser)
            meeting.attendances.bulk_create(
                [meeting.attendances.model(meeting=meeting, user=u) for u in users[:8]])
            meeting_record(meeting=meeting, by=organiser, version=None,
                           present_ids={u.pk for u in users[:8] if rng.random() < 0.8},
                           agreements="We proberen de motievenkaart in alle eerstejaarsgroepen.",
                           materials=[materials[1]],
                           cases=[("Student die na de stage twijfelt over de opleiding.", None)])
        Meeting.objects.create(
            college=college, team=None, kind=MeetingKind.WORK_MEETING,
            title="Werkbijeenkomst LOB-visie", starts_at=now + datetime.timedelta(days=9 + n),
            duration_minutes=120, location="Aula", organiser=organiser)


def seed_alumni(ctx):
    """Former students of the demo college in the alumni pool (their consent recorded)."""
    import hashlib

    from students.models import Student, StudentStatus

    from .models import Alumnus, AlumnusConsentEvent

    college = ctx.college
    if Alumnus.objects.filter(student__college=college).exists():
        return
    rng = ctx.rng("alumni")
    works = [("Pedagogisch medewerker bij een kinderdagverblijf", "Kinderopvang"),
             ("Verzorgende IG in een verpleeghuis", "Ouderenzorg"),
             ("Doktersassistent in een gezondheidscentrum", "Huisartsenzorg"),
             ("Hbo-verpleegkunde, tweede jaar", "Onderwijs"),
             ("Begeleider in de gehandicaptenzorg", "Gehandicaptenzorg"),
             ("Thuiszorgmedewerker", "Thuiszorg")]
    # Former students: graduated first, then those who left.
    graduates = list(Student.objects.filter(college=college).exclude(
        status=StudentStatus.ACTIVE).order_by("-status", "pk")[:40])
    now = timezone.now()
    rows, events = [], []
    for i, student in enumerate(graduates[::2]):
        work, sector = works[i % len(works)]
        consent = now - datetime.timedelta(days=rng.randint(10, 400))
        email = f"{student.first_name}.{student.pk}@oud-student.lob.demo".lower()
        rows.append(Alumnus(
            student=student, email=email, current_work=work, sector=sector,
            offers_talk=rng.random() < 0.8, offers_visit=rng.random() < 0.4,
            offers_meet=rng.random() < 0.5, frequency=rng.choice(["yearly", "twice", "period"]),
            consent_at=consent, expires_at=consent + datetime.timedelta(days=3 * 365),
            withdraw_token_hash=hashlib.sha256(f"demo-{student.pk}".encode()).hexdigest()))
        events.append(AlumnusConsentEvent(student=student, kind="given", at=consent))
    Alumnus.objects.bulk_create(rows)
    AlumnusConsentEvent.objects.bulk_create(events)
    ctx.say(f"{len(rows)} alumni in the pool")
