"""Demo competency frameworks, LOB standards, review cycles with 360 feedback, and team plans."""

import datetime

from django.utils import timezone

from common.demo import DemoContext

from ..models import (
    MEETING_ORDER,
    BehaviouralCriterion,
    Competency,
    CompetencyCategory,
    CompetencyFramework,
    Criterion,
    CycleMeeting,
    DevelopmentGoal,
    FeedbackAnswer,
    FeedbackRequest,
    FeedbackResponse,
    ManagerAssessment,
    RaterGroup,
    ReviewCycle,
    SelfAssessment,
    Standard,
    StandardAssessment,
    Team,
    TeamMembership,
    TeamPlan,
    TeamPlanAction,
    TeamProgressReview,
    Training,
    User,
    school_year_of,
)
from ..roles import Role

CORE_FRAMEWORK = [
    ("Taakvervulling en taakopvatting", [
        ("Vakinhoudelijke deskundigheid", ["Houdt de eigen vakkennis actueel",
                                           "Verbindt vakinhoud met de beroepspraktijk"]),
        ("Plannen en organiseren", ["Plant gesprekken en afspraken tijdig in",
                                    "Legt afspraken met studenten vast en volgt ze op"]),
        ("Rolbewustzijn docent en loopbaanbegeleider", [
            "Weet wanneer hij docent is en wanneer loopbaanbegeleider",
            "Houdt een helicopterview en bewaakt de afstand tot de student"]),
    ]),
    ("Resultaten", [
        ("Resultaatgerichtheid", ["Stuurt op afgesproken resultaten",
                                  "Spreekt studenten aan op hun eigen verantwoordelijkheid"]),
        ("Kwaliteit van de begeleiding", ["Voert loopbaangesprekken volgens de afspraken van het team",
                                          "Laat LOB als rode draad door de opleiding lopen"]),
        ("Bijdrage aan studiesucces", ["Signaleert dreigende uitval op tijd",
                                       "Verwijst tijdig door via de zorgcoördinator"]),
    ]),
    ("Employability/zelfontwikkeling", [
        ("Leervermogen", ["Volgt de verplichte scholing (LC-cursus, examinering, taal en rekenen, ICT)",
                          "Vraagt actief om feedback"]),
        ("Reflectie op eigen handelen", ["Reflecteert op de eigen begeleidingscompetenties",
                                         "Zet ontwikkelpunten om in een ontwikkelplan"]),
        ("Flexibele inzetbaarheid", ["Is breed inzetbaar binnen en buiten het team"]),
    ]),
    ("Kwaliteit van de samenwerking", [
        ("Samenwerken en leren in het team", ["Deelt materialen en ervaringen, bijvoorbeeld in intervisie",
                                              "Draagt bij aan werkbijeenkomsten in en tussen teams"]),
        ("Afstemming eerste en tweede lijn", ["Stemt af met zorgcoördinator en LEC",
                                              "Koppelt terug wat met een doorverwijzing is gedaan"]),
        ("Communicatie met studenten, ouders en bedrijven", [
            "Communiceert helder en respectvol",
            "Onderhoudt contact met de BPV-plaats"]),
    ]),
]

# Role profiles written from the seed ("Wat verwacht ... van de LOB-professionals?").
FIRST_LINE_PROFILE = ("Profiel loopbaanbegeleider 1e lijn", "first_line", [
    ("Nieuwsgierigheid", ["Vraagt door naar wat de student beweegt"]),
    ("Open staan voor problemen", ["Maakt problemen van de student bespreekbaar zonder oordeel"]),
    ("Een luisterend oor bieden", ["Luistert actief en vat samen wat de student zegt"]),
    ("Overleggen met de zorgcoördinator", ["Overlegt met de zorgcoördinator over doorverwijzing naar het LEC"]),
    ("Geduld en doorzettingsvermogen", ["Blijft de student volgen, ook als het moeizaam gaat"]),
    ("Humor", ["Gebruikt humor om contact te maken en spanning te verminderen"]),
    ("Betrokkenheid met afstand", ["Is betrokken maar kan afstand nemen", "Trapt niet in de valkuil te dicht bij de student te komen"]),
    ("Authenticiteit", ["Is zichzelf in het contact met studenten"]),
    ("Grenzen stellen", ["Geeft grenzen van de eigen rol aan en bewaakt ze"]),
    ("Vaardighedencheck", ["Kan een vaardighedencheck met de student doen"]),
    ("Bereid zelf te blijven leren", ["Volgt bijvoorbeeld de training loopbaanreflectiegesprekken"]),
    ("Binnen een structuur werken", ["Werkt volgens de begeleidingslijn en afspraken van het team"]),
    ("Reflecteren", ["Reflecteert op de eigen gesprekken en handelt ernaar"]),
    ("Een goede dialoog voeren", ["Voert een reflectief, ontwikkelingsgericht loopbaangesprek"]),
])
LEC_PROFILE = ("Profiel LEC-medewerker", "lec", [
    ("Goed luisteren", ["Ziet de student als een nieuw persoon, zonder stempel"]),
    ("Doorvragen", ["Vraagt door tot de kern van de hulpvraag duidelijk is"]),
    ("Geduld en humor", ["Houdt geduld en gebruikt humor waar het helpt"]),
    ("Flexibel zijn", ["Past de aanpak aan de student en de situatie aan"]),
    ("Op afstand betrokken", ["Is betrokken en blijft neutraal"]),
    ("Analytisch vermogen", ["Brengt de problematiek per leefgebied in kaart"]),
    ("Instrumenten gebruiken en uitslagen interpreteren", [
        "Kiest passende instrumenten", "Interpreteert uitslagen en bespreekt ze met de student"]),
])

# The six LOB standards of the ROC (seed: "Hoe kijkt ... naar LOB?") with criteria.
STANDARDS = [
    ("intake", "Intake", [
        "Elke student heeft binnen vier weken na de start een intakegesprek",
        "In de intake komen motieven en kwaliteiten van de student aan bod",
        "Afspraken uit de intake worden vastgelegd en overgedragen aan de loopbaanbegeleider"]),
    ("flexibele-instroom", "Flexibele instroom", [
        "Studenten kunnen gedurende het jaar instromen",
        "Zij-instromers krijgen een eigen intake en begeleiding"]),
    ("loopbaanbegeleiding", "Loopbaanbegeleiding", [
        "Elke student heeft één vaste loopbaanbegeleider gedurende de opleiding",
        "Loopbaangesprekken vinden minstens vier keer per jaar plaats",
        "Gesprekken vinden plaats in een ruimte waar privacy gewaarborgd is"]),
    ("bpv", "Beroepspraktijkvorming", [
        "De BPV-begeleider bezoekt elke student op de BPV-plaats",
        "BPV-ervaringen worden gebruikt in loopbaanreflectie"]),
    ("professionalisering-competenties", "Professionalisering competentieontwikkeling", [
        "Alle begeleiders hebben de LC-cursus gevolgd",
        "Begeleiders reflecteren op hun begeleidingscompetenties (360 graden feedback)",
        "Elke medewerker heeft een ontwikkelplan"]),
    ("professionalisering-team", "Professionalisering teamontwikkeling", [
        "Het teamplan bevat een scholingsparagraaf",
        "Het team houdt werkbijeenkomsten om van elkaar te leren",
        "De voortgang wordt drie keer per jaar met de directie besproken"]),
]

TRAININGS = [
    ("lc_course", "LC-cursus", 24),
    ("career_reflection", "Training loopbaanreflectiegesprekken", 16),
    ("examination", "Scholing examinering", 8),
    ("language_arithmetic", "Taal en rekenen", 12),
    ("ict", "ICT in de begeleiding", 6),
]

GOALS = [
    "Loopbaanreflectiegesprekken voeren met elke student",
    "Beter afstand bewaken in de begeleiding",
    "Eerder overleggen met de zorgcoördinator",
    "Meer materialen delen met het team",
    "Grenzen van de eigen rol duidelijker aangeven",
]

COMMENTS = [
    "Neemt de tijd voor studenten en luistert goed.",
    "Kan meer delen met het team.",
    "Zeer betrokken, soms te dichtbij.",
    "Heldere afspraken, volgt ze goed op.",
    "Goede samenwerking met de zorgcoördinator.",
    "",
    "",
]


def _seed_framework(ctx: DemoContext):

    framework = CompetencyFramework.objects.filter(college=ctx.college, is_current=True).first()
    if framework:
        return framework
    framework = CompetencyFramework.objects.create(
        college=ctx.college, name="Competentieschema MBO-medewerkers", version=1
    )
    sections = [(name, "", comps) for name, comps in CORE_FRAMEWORK]
    sections += [FIRST_LINE_PROFILE, LEC_PROFILE]
    criteria = []
    for order, (name, profile, competencies) in enumerate(sections, start=1):
        category = CompetencyCategory.objects.create(
            framework=framework, name=name, role_profile=profile, order=order
        )
        created = Competency.objects.bulk_create(
            Competency(category=category, name=c_name, order=i)
            for i, (c_name, _crit) in enumerate(competencies, start=1)
        )
        for competency, (_name, texts) in zip(created, competencies, strict=True):
            criteria += [BehaviouralCriterion(competency=competency, text=t, order=i)
                         for i, t in enumerate(texts, start=1)]
    BehaviouralCriterion.objects.bulk_create(criteria)
    return framework


def _seed_standards(ctx: DemoContext) -> list:

    standards = []
    for order, (code, name, texts) in enumerate(STANDARDS, start=1):
        standard, created = Standard.objects.get_or_create(
            college=ctx.college, code=code, defaults={"name": name, "order": order}
        )
        if created:
            Criterion.objects.bulk_create(
                Criterion(standard=standard, text=t, order=i) for i, t in enumerate(texts, start=1)
            )
        standards.append(standard)
    return standards


def _managers(ctx: DemoContext) -> dict:
    return {
        m.team_id: m.user
        for m in TeamMembership.objects.filter(
            team__college=ctx.college, role=Role.MANAGER
        ).select_related("user").order_by("pk")
    }


def _seed_cycle_content(ctx, rng, cycle, competencies, stage_index, raters, today):
    """Meetings, assessments, 360 requests and responses, goals and trainings of one cycle."""
    _seed_meetings(rng, cycle, stage_index, today)
    _seed_assessments(rng, cycle, competencies, stage_index)
    if stage_index >= 1:  # 360 feedback from the POP stage on
        _seed_feedback(rng, cycle, competencies, stage_index, raters, today)
    _seed_development(rng, cycle, competencies, stage_index, today)


def _seed_meetings(rng, cycle, stage_index, today):
    """The meetings of the stages passed are held (with a report), the current one planned."""
    meetings = {m.kind: m for m in cycle.meetings.all()}
    held = [95, 50, 5]
    for i, kind in enumerate(MEETING_ORDER):
        meeting = meetings[kind]
        if i < stage_index:
            meeting.held_on = today - datetime.timedelta(days=held[i] + rng.randint(0, 4))
            meeting.planned_on = meeting.held_on
            meeting.report = rng.choice([
                "Goed gesprek gevoerd; ontwikkelpunten vastgelegd in het ontwikkelplan.",
                "Voortgang besproken aan de hand van zelfassessment en 360 graden feedback.",
                "Afspraken over scholing en begeleiding van de LOB-groep gemaakt.",
            ])
            meeting.recorded_by = cycle.manager
            meeting.recorded_at = timezone.now()
        elif i == stage_index:
            meeting.planned_on = today + datetime.timedelta(days=rng.randint(7, 40))
    CycleMeeting.objects.bulk_update(
        meetings.values(), ["held_on", "planned_on", "report", "recorded_by", "recorded_at"]
    )


def _seed_assessments(rng, cycle, competencies, stage_index):
    """Self-assessment, manager assessment, the employee's response and closure by stage."""
    if stage_index >= 1 or rng.random() < 0.4:
        SelfAssessment.objects.bulk_create(
            SelfAssessment(cycle=cycle, competency=c, score=rng.choice([3, 3, 4, 4, 5]),
                           evidence=rng.choice(["", "Zie portfolio en gespreksverslagen."]))
            for c in competencies
        )
        cycle.self_assessed_at = timezone.now()
    if stage_index >= 2:
        ManagerAssessment.objects.bulk_create(
            ManagerAssessment(cycle=cycle, competency=c, score=rng.choice([3, 4, 4, 5]))
            for c in competencies
        )
        cycle.manager_assessed_at = timezone.now()
        if rng.random() < 0.5:
            cycle.employee_response = "Ik herken me in de beoordeling."
            cycle.employee_responded_at = timezone.now()
    if stage_index >= 3:
        cycle.closed_at = timezone.now()
        cycle.appraisal_rating = rng.choice(["good", "good", "satisfactory", "excellent"])
    cycle.save()


def _seed_feedback(rng, cycle, competencies, stage_index, raters, today):
    """360 requests to team colleagues and a few from elsewhere in the college, some answered."""
    requests = []
    for rater, group in raters:
        answered = stage_index >= 2 or rng.random() < 0.5
        requests.append(FeedbackRequest(
            cycle=cycle, rater=rater, rater_group=group, invited_by=cycle.employee,
            deadline=(today - datetime.timedelta(days=20) if stage_index >= 2
                      else today + datetime.timedelta(days=14)),
            answered_at=timezone.now() if answered else None,
        ))
    FeedbackRequest.objects.bulk_create(requests)
    answers = []
    for request in requests:
        if request.answered_at is None:
            continue
        response = FeedbackResponse.objects.create(cycle=cycle, rater_group=request.rater_group)
        for c in competencies:
            answers.append(FeedbackAnswer(
                response=response, competency=c,
                score=None if rng.random() < 0.05 else rng.choice([3, 4, 4, 5]),
                comment=rng.choice(COMMENTS) if c.order == 1 else "",
            ))
    FeedbackAnswer.objects.bulk_create(answers)


def _seed_development(rng, cycle, competencies, stage_index, today):
    """Development goals with their trainings."""
    goals = DevelopmentGoal.objects.bulk_create(
        DevelopmentGoal(cycle=cycle, goal=g, competency=rng.choice(competencies),
                        actions="Bespreken in intervisie en toepassen in de LOB-groep.",
                        created_by=cycle.employee,
                        status="achieved" if stage_index >= 3 and rng.random() < 0.6 else "open")
        for g in rng.sample(GOALS, rng.randint(1, 2))
    )
    trainings = []
    for area, title, hours in rng.sample(TRAININGS, rng.randint(1, 3)):
        done = stage_index >= 2 and rng.random() < 0.7
        trainings.append(Training(
            cycle=cycle, goal=rng.choice(goals), area=area, title=title, hours=hours,
            status="completed" if done else rng.choice(["planned", "in_progress"]),
            completed_on=(today - datetime.timedelta(days=rng.randint(10, 60))) if done else None,
            created_by=cycle.employee,
        ))
    Training.objects.bulk_create(trainings)


def _seed_plans(ctx, rng, teams, standards, year, today):

    director = User.objects.filter(college=ctx.college, groups__name=Role.DIRECTOR).order_by("pk").first()
    review_days = [datetime.date(year, 10, 15), datetime.date(year + 1, 2, 15),
                   datetime.date(year + 1, 6, 15)]
    criteria = [c for s in standards for c in s.criteria.all()]
    for team in teams:
        plan, created = TeamPlan.objects.get_or_create(team=team, school_year=year)
        if not created:
            continue
        if rng.random() < 0.75:  # the seed: not every team has a training section
            plan.training_section = (
                f"Scholing {team.name} {year}-{year + 1}: alle nieuwe collega's volgen de "
                "LC-cursus; twee collega's volgen de training loopbaanreflectiegesprekken en "
                "delen hun ervaringen in de intervisie. Iedereen volgt de scholing examinering."
            )
            plan.save(update_fields=["training_section"])
        TeamPlanAction.objects.bulk_create([
            TeamPlanAction(plan=plan, description="Werkbijeenkomst: begeleiders laten hun LOB-materialen zien",
                           standard=standards[5], status=rng.choice(["open", "done"])),
            TeamPlanAction(plan=plan, description="Studentwerk bespreken: hoe verwerven studenten hun loopbaancompetenties?",
                           standard=standards[2], status="open"),
        ])
        for term, when in enumerate(review_days, start=1):
            if when <= today and director and rng.random() < 0.85:
                TeamProgressReview.objects.create(
                    plan=plan, term=term, held_on=when, recorded_by=director,
                    participants="Opleidingsmanager, directie",
                    notes="Voortgang teamplan besproken; acties uit de standaarden lopen.",
                )
        if not StandardAssessment.objects.filter(team=team, school_year=year).exists():
            assessments = StandardAssessment.objects.bulk_create(
                StandardAssessment(
                    team=team, school_year=year, criterion=c, score=rng.randint(1, 4),
                    evidence="Besproken in de teamvergadering.",
                    planned_action=rng.choice(["", "", "Afspraken vastleggen in het teamplan",
                                               "Werkbijeenkomst over deze standaard"]),
                )
                for c in criteria
            )
            carried = [a for a in assessments if a.planned_action][:1]
            TeamPlanAction.objects.bulk_create(
                TeamPlanAction(plan=plan, description=a.planned_action,
                               standard=a.criterion.standard, source_assessment=a)
                for a in carried
            )


def seed_cycles(ctx: DemoContext) -> None:
    """Framework with role profiles, standards, review cycles in every stage, team plans."""

    rng = ctx.rng("cycles")
    today = ctx.today
    year = school_year_of(today)
    framework = _seed_framework(ctx)
    standards = _seed_standards(ctx)
    teams = list(Team.objects.filter(college=ctx.college).order_by("code"))
    managers = _managers(ctx)
    # Plans draw from their own stream, so cycles come out the same whether plans exist or not.
    _seed_plans(ctx, ctx.rng("cycles:plans"), teams, standards, year, today)
    if ReviewCycle.objects.filter(team__college=ctx.college).exists():
        ctx.say("review cycles already there")
        return
    competencies = list(
        Competency.objects.filter(category__framework=framework).select_related("category")
    )
    core = [c for c in competencies if not c.category.role_profile]
    first_line = core + [c for c in competencies if c.category.role_profile == "first_line"]
    members = {}
    for m in TeamMembership.objects.filter(team__in=teams, role=Role.COUNSELLOR).select_related("user").order_by("pk"):
        members.setdefault(m.team_id, []).append(m.user)
    everyone = [u for users in members.values() for u in users]
    cycles = 0
    for team in teams:
        manager = managers.get(team.pk)
        if manager is None:
            continue
        for user in members.get(team.pk, []):
            demo_counsellor = user.email.startswith("counsellor@")
            # The demo counsellor starts at the POP meeting so the whole journey can be shown.
            stage_index = 0 if demo_counsellor else rng.choices([0, 1, 2, 3], weights=[3, 3, 2, 2])[0]
            cycle = ReviewCycle.objects.create(
                employee=user, manager=manager, team=team, school_year=year,
                framework=framework, role_profile="first_line",
                stage=["pop", "functioning", "appraisal", "closed"][stage_index],
                created_by=manager,
            )
            CycleMeeting.objects.bulk_create(
                CycleMeeting(cycle=cycle, kind=k) for k in ("pop", "functioning", "appraisal")
            )
            colleagues = [u for u in members[team.pk] if u.pk != user.pk]
            others = [u for u in everyone if u not in members[team.pk]]
            raters = [(u, RaterGroup.TEAM) for u in rng.sample(colleagues, min(4, len(colleagues)))]
            raters += [(u, RaterGroup.COLLEGE) for u in rng.sample(others, min(2, len(others)))]
            if not demo_counsellor:
                _seed_cycle_content(ctx, rng, cycle, first_line, stage_index, raters, today)
            cycles += 1
    ctx.say(
        f"framework v{framework.version}, {len(standards)} standards, {cycles} review cycles, "
        f"{FeedbackRequest.objects.filter(cycle__team__college=ctx.college).count()} 360 requests"
    )
