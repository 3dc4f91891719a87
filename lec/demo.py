"""Demo referrals: a year of the LEC's work (about a third of the real 900–1,000 a year) in every
state, with diagnoses, plans, notes, feedback and access-log rows. Deterministic per college,
idempotent, written with bulk inserts."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from common.demo import DemoContext
from staff.roles import Role
from students.models import CounsellorAssignment, Student, StudentStatus

from .models import (
    AccessAction,
    AccessLog,
    CaseMember,
    CaseNote,
    Domain,
    Eligibility,
    Feedback,
    FeedbackKind,
    Finding,
    InstrumentResult,
    Outcome,
    Owner,
    Partner,
    PlanAction,
    Referral,
    Severity,
    Source,
    Status,
    Transition,
    Urgency,
    eligibility_on,
)
from .workdays import working_days_between

REFERRALS_PER_COLLEGE = 340
DAY = datetime.timedelta(days=1)

REASONS = {
    Domain.ATTENDANCE: "Verzuimt sinds een maand structureel op maandag en vrijdag; de "
                       "verzuimmelding is gedaan.",
    Domain.MOTIVATION: "Twijfelt hardop of de opleiding bij haar/hem past; haalt opdrachten "
                       "niet meer in.",
    Domain.HOME: "Vertelt in het loopbaangesprek over spanningen thuis en slaapt soms bij "
                 "vrienden.",
    Domain.HEALTH: "Is vaak moe en somber, meldt zich regelmatig ziek tijdens de les.",
    Domain.FINANCES: "Heeft schulden door een telefoonabonnement en werkt 30 uur naast school.",
    Domain.HOUSING: "Moet binnenkort uit huis en heeft nog geen woonplek.",
    Domain.STUDY_SKILLS: "Loopt vast bij plannen en bij de taaltoetsen; vermoeden van dyslexie.",
    Domain.JUSTICE: "Heeft een afspraak bij de reclassering gemist en maakt zich zorgen.",
    Domain.ADDICTION: "Komt soms onder invloed op school; klasgenoten maken zich zorgen.",
    Domain.SOCIAL_SERVICES: "Heeft eerder jeugdhulp gehad; die is bij 18 jaar gestopt.",
}
TRIED = [
    "Twee gesprekken met de loopbaanbegeleider; afspraken over aanwezigheid niet nagekomen.",
    "Gesprek met de student en ouders; extra begeleiding in de klas; geen verbetering.",
    "Rooster aangepast en een maatje uit de klas gekoppeld; verzuim blijft.",
    "Overleg met de zorgcoördinator; student wil zelf ook hulp.",
]
FINDINGS = {
    Domain.ATTENDANCE: "Verzuim 25–35% in de laatste acht weken, vooral de eerste les.",
    Domain.MOTIVATION: "Koos de opleiding omdat een vriendin hem koos; weinig beeld van het beroep.",
    Domain.HOME: "Zorgt veel voor jongere broertjes; weinig rust om te leren.",
    Domain.HEALTH: "Klachten passend bij somberheid; huisarts nog niet bezocht.",
    Domain.FINANCES: "Schuld van ca. € 1.800; nog geen afspraken met schuldeisers.",
    Domain.HOUSING: "Tijdelijk onderdak bij familie tot het einde van de maand.",
    Domain.STUDY_SKILLS: "Plant niet vooruit; lezen kost zichtbaar veel moeite.",
    Domain.JUSTICE: "Lopende taakstraf; contact met reclassering is er weer.",
    Domain.ADDICTION: "Dagelijks blowen sinds de zomer; wil minderen.",
    Domain.SOCIAL_SERVICES: "Geen hulpverlening meer sinds 18e; wel behoefte aan begeleiding.",
}
INSTRUMENTS = [
    ("SDQ (zelfrapportage)", "Totaalscore 19 (verhoogd); emotionele problemen 7.",
     "Past bij het beeld van somberheid; advies: jeugdarts."),
    ("Interessetest (beroepsinteresses)", "Hoogste scores: sociaal en verzorgend.",
     "Beroepsrichting past; twijfel zit eerder in de omstandigheden."),
    ("Screening dyslexie", "Leessnelheid en spelling onder het gemiddelde.",
     "Vervolgonderzoek aanvragen; tot die tijd extra tijd bij toetsen."),
    ("Verzuimanalyse", "Verzuim vooral op maandag en na late werkdiensten.",
     "Samenhang met werk naast school; rooster van bijbaan bespreken."),
    ("Budgetgesprek (inkomsten en uitgaven)", "Tekort van ca. € 150 per maand.",
     "Aanmelden bij schuldhulp van de gemeente."),
]
ACTIONS = [
    (Owner.STUDENT, "", "Maakt zelf een afspraak met de jeugdarts en meldt de datum."),
    (Owner.STUDENT, "", "Houdt twee weken een planning bij en bespreekt die met de mentor."),
    (Owner.STUDENT, "", "Bespreekt het rooster van de bijbaan met de werkgever."),
    (Owner.PARTNER, Partner.YOUTH_DOCTOR, "Spreekuur jeugdarts: klachten en verzuim bespreken."),
    (Owner.PARTNER, Partner.SCHOOL_SOCIAL_WORKER, "Schoolmaatschappelijk werk: gesprek thuis."),
    (Owner.PARTNER, Partner.TRUANCY_OFFICER, "Leerplichtambtenaar: verzuimgesprek."),
    (Owner.CASE_WORKER, Partner.EXTERNAL_CARE, "Aanmelding bij de wijkteam-hulpverlening."),
    (Owner.COUNSELLOR, "", "Loopbaanbegeleider plant een loopbaangesprek over de beroepskeuze."),
    (Owner.CASE_WORKER, Partner.AMBULANT_SUPPORT, "Ambulante begeleiding aanvragen voor wonen."),
]
NOTES = [
    (Partner.YOUTH_DOCTOR, "Jeugdarts heeft de student gezien; vervolgafspraak over zes weken."),
    (Partner.SCHOOL_SOCIAL_WORKER, "Huisbezoek gedaan; moeder staat open voor hulp."),
    (Partner.TRUANCY_OFFICER, "Verzuimgesprek gevoerd; afspraken vastgelegd."),
    ("", "Student kwam op tijd op de afspraak en had de planning zelf gemaakt."),
]
PROGRESS = [
    "De student is in begeleiding bij het LEC en komt weer vaker naar de lessen. Graag de "
    "aanwezigheid blijven volgen en positief benoemen.",
    "Er loopt een plan met de student; hij/zij neemt zelf de eerste stappen. Tip: vraag in het "
    "loopbaangesprek hoe het gaat met de afspraken.",
    "De diagnose is rond; we werken met de student aan een plan. Inhoudelijke details blijven "
    "bij het LEC.",
]
CLOSURE = {
    Outcome.BACK_IN_PROGRAMME: "Traject afgerond: de student gaat door in de opleiding. Let op "
                               "de aanwezigheid in de eerste lesuren; bij terugval graag snel "
                               "opnieuw melden.",
    Outcome.OTHER_PROGRAMME: "De student stapt over naar een andere opleiding binnen het "
                             "college. Graag een warme overdracht met het nieuwe team.",
    Outcome.OTHER_SCHOOL: "De student gaat naar een andere school; de overdracht is geregeld.",
    Outcome.WORK: "De student heeft werk gevonden; inschrijving wordt beëindigd.",
    Outcome.EXTERNAL_TRAJECTORY: "De student volgt een traject buiten school; de leerplicht is "
                                 "op de hoogte. Terugkeer is later mogelijk.",
    Outcome.DROPPED_OUT: "Ondanks het traject is de student gestopt. Leerplicht en RMC zijn "
                         "ingelicht.",
}
RETURNED = [
    "Niet opgepakt door het LEC: dit past bij de eerste lijn. Advies: een loopbaangesprek over "
    "de beroepskeuze en afspraken over aanwezigheid met een vaste evaluatiedatum.",
    "Student weet nog niet van de verwijzing. Bespreek eerst met de student waarom je verwijst "
    "en meld dan opnieuw aan.",
]


def seed_referrals(ctx: DemoContext) -> None:
    if Referral.objects.filter(college=ctx.college).exists():
        ctx.say("referrals already there")
        return
    rng = ctx.rng("lec")
    staff = _lec_staff(ctx)
    if staff is None:
        ctx.say("no LEC staff: no referrals")
        return
    current = dict(
        CounsellorAssignment.objects.filter(
            end_date__isnull=True, student__college=ctx.college
        ).values_list("student_id", "counsellor_id")
    )
    chosen = _choose_students(ctx, rng, current)
    if not chosen:
        return
    now = timezone.now()
    plans = [_plan(rng, student, i, now) for i, student in enumerate(chosen)]
    referrals = [_referral(ctx, rng, p, staff, current) for p in plans]
    Referral.objects.bulk_create(referrals, batch_size=500)

    records = _Records()
    for referral, p in zip(referrals, plans, strict=True):
        _case_records(ctx, rng, referral, p, staff.workers, now, records)
    records.save()
    last = {}
    for f in records.feedback:
        last[f.referral_id] = max(last.get(f.referral_id, f.created_at), f.created_at)
    for referral in referrals:
        referral.last_feedback_at = last.get(referral.pk)
    Referral.objects.bulk_update(referrals, ["last_feedback_at"], batch_size=500)

    counts = dict.fromkeys(Status.values, 0)
    for referral in referrals:
        counts[referral.status] += 1
    ctx.say(f"{len(referrals)} LEC referrals ("
            + ", ".join(f"{n} {s}" for s, n in counts.items())
            + f"), {len(records.findings)} findings, {len(records.actions)} plan actions, "
            f"{len(records.feedback)} feedback messages")


@dataclass
class _Staff:
    workers: list
    lead: object
    demo_worker: object
    care: dict  # team id → its care coordinator's id


def _lec_staff(ctx: DemoContext) -> _Staff | None:
    User = get_user_model()
    workers = list(
        User.objects.filter(college=ctx.college, groups__name=Role.LEC_WORKER)
        .distinct().order_by("email")
    )
    lead = User.objects.filter(college=ctx.college, groups__name=Role.LEC_LEAD).first()
    if not workers or lead is None:
        return None
    demo_worker = next((w for w in workers if w.email.startswith("lec@")), workers[0])
    care = dict(
        User.objects.filter(college=ctx.college, memberships__role=Role.CARE_COORDINATOR)
        .values_list("memberships__team_id", "pk")
    )
    return _Staff(workers=workers, lead=lead, demo_worker=demo_worker, care=care)


def _choose_students(ctx: DemoContext, rng, current: dict) -> list[Student]:
    """The referred students: ten of the demo counsellor's caseload, then at random."""
    students = list(
        Student.objects.filter(college=ctx.college)
        .filter(Q(status=StudentStatus.ACTIVE) | Q(end_date__gte=ctx.today - 365 * DAY))
        .select_related("programme")
        .order_by("pk")
    )
    if not students:
        return []
    demo_counsellor = get_user_model().objects.filter(
        email=f"counsellor@{ctx.email_domain}").first()
    caseload = [s for s in students if demo_counsellor and current.get(s.pk) == demo_counsellor.pk]
    chosen = rng.sample(caseload, min(10, len(caseload)))
    rest = [s for s in students if s not in set(chosen)]
    chosen += rng.sample(rest, min(REFERRALS_PER_COLLEGE - len(chosen), len(rest)))
    return chosen


def _referral(ctx: DemoContext, rng, p: dict, staff: _Staff, current: dict) -> Referral:
    """The referral of a plan (`_plan`), in the state its path reached."""
    s = p["student"]
    workers = staff.workers
    day = timezone.localdate(p["at"])
    intake = rng.random() < 0.12
    referrer = (workers[rng.randrange(len(workers))].pk if intake
                else (current.get(s.pk) if rng.random() < 0.7 else None)
                or staff.care.get(s.programme.team_id) or current.get(s.pk) or staff.lead.pk)
    worker = staff.demo_worker if rng.random() < 0.25 else rng.choice(workers)
    domains = rng.sample(list(REASONS), rng.choice([1, 2, 2, 3]))
    eligibility = eligibility_on(date_of_birth=s.date_of_birth,
                                 has_start_qualification=s.has_start_qualification, on=day)
    steps = p["steps"]
    status = steps[-1][0]
    decided = next((t for st, t in steps if st in (Status.DIAGNOSIS, Status.RETURNED)), None)
    trajectory = ""
    justification = ""
    if decided and status != Status.RETURNED:
        trajectory = eligibility
        if eligibility == Eligibility.SHORT and rng.random() < 0.25:
            trajectory = Eligibility.FULL
            justification = ("Geen diploma en grote kans op uitval; een kort traject is "
                             "niet genoeg.")
    p.update(worker=worker, domains=domains)
    knows = rng.random() < 0.9
    return Referral(
        college=ctx.college, student=s, team_id=s.programme.team_id,
        source=Source.INTAKE if intake else Source.TEAM, referred_by_id=referrer,
        referred_at=p["at"], reason=" ".join(REASONS[d] for d in domains),
        concern_domains=[d.value for d in domains],
        urgency=rng.choices(Urgency.values, weights=[80, 17, 3])[0],
        tried=rng.choice(TRIED), student_knows=knows,
        student_agrees=knows and rng.random() < 0.85, age_at_referral=s.age_on(day),
        had_start_qualification=s.has_start_qualification, eligibility=eligibility,
        trajectory=trajectory, eligibility_justification=justification, status=status,
        status_changed_at=steps[-1][1], version=len(steps),
        assigned_to=None if status == Status.SUBMITTED else worker,
        triaged_at=steps[1][1] if len(steps) > 1 else None, decided_at=decided,
        evaluation_date=_when(steps, Status.IN_PROGRESS, lambda t: timezone.localdate(t)
                              + 42 * DAY),
        closed_at=_when(steps, Status.CLOSED, lambda t: t) if status == Status.CLOSED
        else None,
        outcome=p["outcome"] if status == Status.CLOSED else "",
    )


@dataclass
class _Records:
    """What the demo cases hold besides the referrals, written in bulk at the end."""

    transitions: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    instruments: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    feedback: list = field(default_factory=list)
    logs: list = field(default_factory=list)
    members: list = field(default_factory=list)

    def save(self) -> None:
        Transition.objects.bulk_create(self.transitions, batch_size=2000)
        Finding.objects.bulk_create(self.findings, batch_size=2000)
        InstrumentResult.objects.bulk_create(self.instruments, batch_size=2000)
        PlanAction.objects.bulk_create(self.actions, batch_size=2000)
        CaseNote.objects.bulk_create(self.notes, batch_size=2000)
        CaseMember.objects.bulk_create(self.members, batch_size=2000)
        Feedback.objects.bulk_create(self.feedback, batch_size=2000)
        AccessLog.objects.bulk_create(self.logs, batch_size=2000)


def _case_records(ctx, rng, referral: Referral, p: dict, workers: list, now,
                  out: _Records) -> None:
    """A referral's transitions, case file, access-log rows and feedback, along its path."""
    steps = p["steps"]
    worker = p["worker"]
    for (before, t0), (after, t1) in zip(steps, steps[1:], strict=False):
        out.transitions.append(Transition(referral=referral, from_status=before, to_status=after,
                                          by=worker, at=t1, duration=t1 - t0))
    diag_at = _when(steps, Status.DIAGNOSIS, lambda t: t)
    if diag_at:
        _diagnosis_records(rng, referral, p, workers, diag_at, out)
    plan_at = _when(steps, Status.PLAN, lambda t: t)
    if plan_at:
        _plan_records(ctx, rng, referral, steps, worker, plan_at, now, out)
    if Status.RETURNED in {st for st, _ in steps}:
        out.feedback.append(Feedback(referral=referral, kind=FeedbackKind.RETURNED,
                                     text=rng.choice(RETURNED), author=worker,
                                     created_at=referral.decided_at))
    if diag_at:
        end = referral.closed_at or now
        t = diag_at + rng.randint(5, 25) * DAY
        while t < end and rng.random() < 0.75:
            out.feedback.append(Feedback(referral=referral, kind=FeedbackKind.PROGRESS,
                                         text=rng.choice(PROGRESS), author=worker, created_at=t))
            t += rng.randint(12, 30) * DAY
    if referral.status == Status.CLOSED:
        out.feedback.append(Feedback(referral=referral, kind=FeedbackKind.CLOSURE,
                                     text=CLOSURE[referral.outcome], author=worker,
                                     created_at=referral.closed_at))


def _diagnosis_records(rng, referral: Referral, p: dict, workers: list, diag_at,
                       out: _Records) -> None:
    worker = p["worker"]
    for d in p["domains"] + rng.sample(list(FINDINGS), rng.randint(0, 2)):
        out.findings.append(Finding(
            referral=referral, domain=d, severity=rng.choice(Severity.values),
            description=FINDINGS[d], created_by=worker,
            created_at=diag_at + rng.randint(1, 5) * DAY))
    for name, result, meaning in rng.sample(INSTRUMENTS, rng.randint(0, 2)):
        at = diag_at + rng.randint(1, 6) * DAY
        out.instruments.append(InstrumentResult(
            referral=referral, instrument=name, administered_on=timezone.localdate(at),
            result=result, interpretation=meaning, created_by=worker, created_at=at))
    for _ in range(rng.randint(1, 2)):
        partner, text = rng.choice(NOTES)
        out.notes.append(CaseNote(referral=referral, partner=partner, text=text, author=worker,
                                  created_at=diag_at + rng.randint(2, 10) * DAY))
    out.logs += [AccessLog(user=worker, referral=referral, action=AccessAction.VIEW_CASE,
                           at=diag_at + k * DAY, ip="10.20.0.15")
                 for k in range(rng.randint(1, 3))]
    if rng.random() < 0.15:
        other = rng.choice([w for w in workers if w != worker] or workers)
        if other != worker:
            out.members.append(CaseMember(referral=referral, user=other, added_by=worker,
                                          added_at=diag_at + DAY))


def _plan_records(ctx, rng, referral: Referral, steps, worker, plan_at, now,
                  out: _Records) -> None:
    reached = {st for st, _ in steps}
    start = _when(steps, Status.IN_PROGRESS, lambda t: t)
    for owner, partner, text in [ACTIONS[rng.randrange(3)]] + rng.sample(ACTIONS[3:],
                                                                          rng.randint(0, 2)):
        due = timezone.localdate(plan_at) + rng.randint(10, 40) * DAY
        finished = Status.CLOSED in reached or (due < ctx.today and rng.random() < 0.7)
        out.actions.append(PlanAction(
            referral=referral, description=text, owner=owner, partner=partner,
            due_date=due, status="done" if finished else "open",
            outcome="Gedaan; besproken in het vervolggesprek." if finished else "",
            created_by=worker, created_at=plan_at,
            completed_at=min(now, (start or plan_at) + 20 * DAY) if finished else None))


def _plan(rng, student, index: int, now) -> dict:
    """A referral's path through the states, walked until 'now'."""
    # The first few are this week's, so that the triage queue is never empty.
    days_ago = rng.uniform(0, 4) if index < 8 else rng.uniform(0, 365)
    at = now - datetime.timedelta(days=days_ago, hours=rng.uniform(0, 6))
    if timezone.localtime(at).weekday() >= 5:
        at -= 2 * DAY  # referrals are made on school days
    steps = [(Status.SUBMITTED, at)]
    t = at + datetime.timedelta(days=_working_days_to_calendar(at, rng.choice(
        [0, 1, 1, 2, 2, 3, 4, 6, 8])), hours=rng.uniform(1, 5))
    if index < 4:
        t = now + DAY  # stays in the queue
    outcome = rng.choices(Outcome.values, weights=[45, 14, 10, 11, 10, 10])[0]
    path = [Status.TRIAGE]
    path += [Status.RETURNED] if rng.random() < 0.12 else [
        Status.DIAGNOSIS, Status.PLAN, Status.IN_PROGRESS, Status.CLOSED]
    gaps = {Status.DIAGNOSIS: (1, 6), Status.RETURNED: (1, 5), Status.PLAN: (7, 21),
            Status.IN_PROGRESS: (2, 10), Status.CLOSED: (25, 110)}
    for state in path:
        if t > now:
            break
        steps.append((state, t))
        nxt = path[path.index(state) + 1] if path.index(state) + 1 < len(path) else None
        if nxt:
            low, high = gaps[nxt]
            t = t + datetime.timedelta(days=rng.uniform(low, high))
    return {"student": student, "at": at, "steps": steps, "outcome": outcome}


def _working_days_to_calendar(start, n: int) -> int:
    days = 0
    while working_days_between(timezone.localdate(start), timezone.localdate(start)
                               + datetime.timedelta(days=days)) < n:
        days += 1
    return days


def _when(steps, status, fn):
    for st, t in steps:
        if st == status:
            return fn(t)
    return None


def steps() -> list:
    """The demo steps of this app, with their place in the order of all apps' steps."""
    return [(40, seed_referrals)]
