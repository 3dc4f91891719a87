"""Demo data: companies and placements for every BBL student and most BOL students, visits,
requests to praktijkopleiders and their reports."""

import datetime

from django.utils import timezone

from students.models import GuidanceSession, Pathway, SessionKind, Student, StudentStatus

from .models import (
    Company,
    Placement,
    PlacementKind,
    PlacementReport,
    PlacementVisit,
    TrainerRequest,
    hash_token,
)

SECTORS = ["Kinderopvang", "Ziekenhuis", "Verpleeg- en verzorgingshuis", "Thuiszorg",
           "Huisartsenpraktijk", "Gehandicaptenzorg", "Welzijn"]
NAMES = ["De Zonnebloem", "Het Kompas", "Ziekenhuis Rivierenland", "Zorggroep Noord",
         "Kinderopvang Kikker", "Thuiszorg Samen", "Huisartsen De Linde", "Stichting Philadelphia",
         "Woonzorg De Hoven", "BSO Het Speelkwartier", "Buurtzorg Oost", "Zorgcentrum Lindenhof"]
TRAINERS = ["Marieke Jansen", "Peter de Wit", "Fatima El Amrani", "Kees Bakker", "Anouk Visser",
            "Sandra Mulder", "Youssef Haddou", "Ingrid van Leeuwen"]
CITIES = ["Utrecht", "Amersfoort", "Zeist", "Nieuwegein", "Houten", "IJsselstein"]


def steps() -> list:
    """The demo steps of this app, with their place in the order of all apps' steps."""
    return [(75, _placements)]


def _placements(ctx):
    college = ctx.college
    if Company.objects.filter(college=college).exists():
        return
    rng = ctx.rng("workplace")
    companies = Company.objects.bulk_create([
        Company(college=college, name=f"{name} {city}" if i >= len(NAMES) else name,
                kvk_number=f"{30000000 + i * 7919 + college.pk * 13:08d}",
                address=f"{rng.choice(['Dorpsstraat', 'Stationsweg', 'Kerkplein', 'Zorgpad'])} {i + 1}",
                city=city, sector=rng.choice(SECTORS))
        for i, (name, city) in enumerate(
            (NAMES[i % len(NAMES)], CITIES[i % len(CITIES)]) for i in range(36))
    ])
    today = ctx.today
    students = list(Student.objects.filter(college=college, status=StudentStatus.ACTIVE)
                    .select_related("programme").order_by("pk"))
    placements = []
    for student in students:
        bbl = student.programme.pathway == Pathway.BBL
        if not bbl and rng.random() > 0.7:
            continue  # most BOL students are placed; the first-years mostly later
        company = rng.choice(companies)
        trainer = rng.choice(TRAINERS)
        start = max(student.start_date, today - datetime.timedelta(days=rng.randint(20, 300)))
        local = trainer.lower().replace(" ", ".")
        placements.append(Placement(
            student=student, company=company,
            kind=PlacementKind.BBL_JOB if bbl else PlacementKind.BOL_INTERNSHIP,
            trainer_name=trainer, trainer_email=f"{local}@leerbedrijf.lob.demo",
            trainer_phone=f"06-{rng.randint(10000000, 99999999)}",
            start_date=start, hours_per_week=32 if bbl else 24,
        ))
    Placement.objects.bulk_create(placements, batch_size=2000)
    ctx.say(f"{len(placements)} placements at {len(companies)} companies")
    # Visits: the placement-visit sessions the demo history already holds, linked to the
    # student's placement when held during it.
    by_student = {p.student_id: p for p in Placement.objects.filter(student__college=college)}
    visits = []
    for session_id, held_at, student_id in GuidanceSession.objects.filter(
            team__college=college, kind=SessionKind.PLACEMENT_VISIT).values_list(
            "pk", "held_at", "attendances__student_id"):
        placement = by_student.get(student_id)
        if placement and placement.start_date <= timezone.localtime(held_at).date():
            visits.append(PlacementVisit(placement=placement, session_id=session_id,
                                         held_at=held_at))
    PlacementVisit.objects.bulk_create(visits, batch_size=2000, ignore_conflicts=True)
    # Reports from praktijkopleiders for about one in eight placements; the demo links are
    # answered, so no working link is left in the data.
    requester = college.users.filter(memberships__role="counsellor").order_by("pk").first()
    now = timezone.now()
    for i, placement in enumerate(sorted(by_student.values(), key=lambda p: p.pk)):
        if i % 8:
            continue
        asked = now - datetime.timedelta(days=rng.randint(3, 40))
        request = TrainerRequest.objects.create(
            placement=placement, requested_by=requester, sent_to=placement.trainer_email,
            token_hash=hash_token(f"demo-{college.pk}-{placement.pk}"), created_at=asked,
            expires_at=asked + datetime.timedelta(days=14),
            answered_at=asked + datetime.timedelta(days=2))
        PlacementReport.objects.create(
            request=request, placement=placement, student_id=placement.student_id,
            submitted_at=request.answered_at, attendance=rng.choice([2, 3, 3, 4, 4]),
            attitude=rng.choice([3, 3, 4, 4, 2]), progress=rng.choice([2, 3, 3, 4]),
            remarks=rng.choice(["", "Neemt steeds meer initiatief.",
                                "Komt regelmatig te laat; besproken.",
                                "Goed contact met de cliënten.", ""]))
