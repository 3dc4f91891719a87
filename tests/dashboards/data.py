"""A small hand-made college whose dashboard figures are worked out by hand in the tests.

Today is Sunday 15 March 2026 (school year 2025-2026); the reach window of 8 weeks is
19 January – 15 March 2026. Team "Zorg" (team) has:

  BOL study year 1:
    s1  started 1 Sep 2025; intake 20 Sep (on time); individual session 10 Feb 2026 → seen
    s2  started 1 Sep 2025; intake 15 Oct (late); open-space session 1 Dec 2025, could NOT
        speak freely; changed counsellor in January → not seen
    s5  started 1 Mar 2026 (deadline 29 Mar not passed): intake pending; not seen
    s6  started 1 Sep 2025; no intake (late); absent from an individual session → not seen
  BBL study year 2:
    s3  started Sep 2024; open-space session 1 Mar 2026, could speak freely → seen;
        also attended a group lesson (not individual)
    s4  started Sep 2024; dropped out 10 Jan 2026
  BOL study year 3 in 2024-2025:
    s7  graduated 30 Jun 2025

Follow-ups (owner: counsellor): s1 due 1 Mar 2026 open (overdue), s1 due 1 Apr 2026 open,
s3 due 1 Feb 2026 done, s3 due 1 Jul 2025 open (previous school year).
Referrals: r1 s2 (2 days to triage, returned, feedback same day), r2 s3 (4 days, closed
back in programme, feedback 28 days after closing: late), r3 s6 (submitted, open),
r4 s4 (1 day, closed dropped out, feedback next day). Every LEC text carries CANARY.
Staff (2025): 2 cycles (1 closed), 3 360-requests (2 answered), training 8 h LC course
completed + 4 h ICT planned; standards: "Intake" criteria scored 3 and 4, "Loopbaanbegeleiding"
one criterion scored 2.
"""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from lec.models import Feedback, FeedbackKind, Outcome, Status
from staff.models import (
    CompetencyFramework,
    Criterion,
    FeedbackRequest,
    ReviewCycle,
    Stage,
    Standard,
    StandardAssessment,
    Training,
    TrainingStatus,
)
from students.models import (
    FollowUp,
    FollowUpStatus,
    SessionFormat,
    SessionKind,
    SessionLocation,
    StudentStatus,
)
from tests.factories.lec import ReferralFactory
from tests.factories.staff import CollegeFactory, TeamFactory, UserFactory, member
from tests.factories.students import (
    AssignmentFactory,
    ProgrammeFactory,
    StudentFactory,
    session_with,
)

TZ = ZoneInfo("Europe/Amsterdam")
TODAY = datetime.date(2026, 3, 15)
NOW = datetime.datetime(2026, 3, 15, 12, 0, tzinfo=TZ)
YEAR = 2025
CANARY = "CANARY-DASHBOARD-LEC-3b1d-jeugdzorg"


def at(y, m, d, h=10) -> datetime.datetime:
    return datetime.datetime(y, m, d, h, 0, tzinfo=TZ)


def build() -> SimpleNamespace:
    d = SimpleNamespace()
    d.college = CollegeFactory(name="ROC Amstel College", short_name="amstel")
    d.team = TeamFactory(college=d.college, name="Zorg A", code="zorg-a")
    d.team2 = TeamFactory(college=d.college, name="Techniek A", code="techniek-a")
    d.counsellor = member(UserFactory(college=d.college, first_name="Cas", last_name="Coach"), d.team)
    d.counsellor2 = member(UserFactory(college=d.college, first_name="Dewi", last_name="Docent"),
                           d.team)
    d.manager = member(UserFactory(college=d.college, email="om@amstel.test"), d.team, "manager")
    d.manager2 = member(UserFactory(college=d.college, email="om2@amstel.test"), d.team2,
                        "manager")
    d.director = UserFactory(college=d.college, email="dir@amstel.test", roles=["director"])
    d.hr = UserFactory(college=d.college, email="hr@amstel.test", roles=["hr"])
    d.lec_lead = UserFactory(college=d.college, email="lead@amstel.test", roles=["lec_lead"])
    d.lec_worker = UserFactory(college=d.college, email="lec@amstel.test", roles=["lec_worker"])
    d.roc = UserFactory(college=None, email="roc@amstel.test", roles=["director"])

    d.bol = ProgrammeFactory(team=d.team, name="Verzorgende", crebo="25491", pathway="BOL")
    d.bbl = ProgrammeFactory(team=d.team, name="Verzorgende", crebo="25491", pathway="BBL")

    def student(programme, study_year, start, **kw):
        s = StudentFactory(programme=programme, study_year=study_year, start_date=start, **kw)
        AssignmentFactory(student=s, counsellor=d.counsellor, start_date=start,
                          **({"end_date": kw["end_date"]} if kw.get("end_date") else {}))
        return s

    sep25, sep24 = datetime.date(2025, 9, 1), datetime.date(2024, 9, 1)
    d.s1 = student(d.bol, 1, sep25, first_name="Sam", last_name="Een")
    d.s2 = StudentFactory(programme=d.bol, study_year=1, start_date=sep25, first_name="Sara",
                          last_name="Twee")
    AssignmentFactory(student=d.s2, counsellor=d.counsellor2, start_date=sep25,
                      end_date=datetime.date(2026, 1, 11))
    AssignmentFactory(student=d.s2, counsellor=d.counsellor, start_date=datetime.date(2026, 1, 12))
    d.s3 = student(d.bbl, 2, sep24, first_name="Tim", last_name="Drie")
    d.s4 = student(d.bbl, 2, sep24, first_name="Vera", last_name="Vier",
                   status=StudentStatus.DROPPED_OUT, end_date=datetime.date(2026, 1, 10))
    d.s5 = student(d.bol, 1, datetime.date(2026, 3, 1), first_name="Yara", last_name="Vijf")
    d.s6 = student(d.bol, 1, sep25, first_name="Zoë", last_name="Zes")
    d.s7 = student(d.bol, 3, datetime.date(2022, 9, 1), first_name="Ilse", last_name="Zeven",
                   status=StudentStatus.GRADUATED, end_date=datetime.date(2025, 6, 30))

    def individual(s, when, kind=SessionKind.CAREER, location=SessionLocation.PRIVATE_ROOM,
                   **kw):
        return session_with(s, counsellor=d.counsellor, held_at=when, kind=kind,
                            format=SessionFormat.INDIVIDUAL, location=location, **kw)

    individual(d.s1, at(2025, 9, 20), kind=SessionKind.INTAKE, intake_complete=True)
    d.session_s1 = individual(d.s1, at(2026, 2, 10))
    individual(d.s2, at(2025, 10, 15), kind=SessionKind.INTAKE)
    d.open_space_s2 = individual(d.s2, at(2025, 12, 1), location=SessionLocation.OPEN_SPACE,
                                 could_speak_freely=False)
    d.open_space_s3 = individual(d.s3, at(2026, 3, 1), location=SessionLocation.OPEN_SPACE,
                                 could_speak_freely=True)
    session_with(d.s3, d.s4, counsellor=d.counsellor, held_at=at(2026, 3, 10))  # group lesson
    session_with(counsellor=d.counsellor, absent=[d.s6], held_at=at(2026, 3, 2),
                 format=SessionFormat.INDIVIDUAL, kind=SessionKind.CAREER,
                 location=SessionLocation.PRIVATE_ROOM)

    def follow_up(s, due, status=FollowUpStatus.OPEN):
        session = d.session_s1 if s == d.s1 else d.open_space_s3
        return FollowUp.objects.create(
            session=session, student=s, owner=d.counsellor, description=f"Afspraak {due}",
            due_date=due, status=status,
            done_at=None if status == FollowUpStatus.OPEN else at(2026, 2, 1),
        )

    d.overdue = follow_up(d.s1, datetime.date(2026, 3, 1))
    follow_up(d.s1, datetime.date(2026, 4, 1))
    follow_up(d.s3, datetime.date(2026, 2, 1), FollowUpStatus.DONE)
    follow_up(d.s3, datetime.date(2025, 7, 1))

    def referral(s, referred, status, triaged=None, decided=None, closed=None, outcome="",
                 feedback=None):
        r = ReferralFactory(
            student=s, referred_by=d.counsellor, referred_at=referred, status=status,
            assigned_to=None if status == Status.SUBMITTED else d.lec_worker,
            triaged_at=triaged, decided_at=decided, closed_at=closed, outcome=outcome,
            status_changed_at=closed or decided or triaged or referred,
            reason=f"Reason {CANARY}", tried=f"Tried {CANARY}",
            eligibility_justification=f"Justification {CANARY}",
        )
        if feedback:
            Feedback.objects.create(referral=r, kind=FeedbackKind.CLOSURE, author=d.lec_worker,
                                    created_at=feedback, text=f"Feedback {CANARY}")
        return r

    referral(d.s2, at(2025, 11, 3), Status.RETURNED, triaged=at(2025, 11, 5),
             decided=at(2025, 11, 6), feedback=at(2025, 11, 6, 15))
    referral(d.s3, at(2025, 12, 1), Status.CLOSED, triaged=at(2025, 12, 5),
             decided=at(2025, 12, 8), closed=at(2026, 2, 1), outcome=Outcome.BACK_IN_PROGRAMME,
             feedback=at(2026, 3, 1))
    referral(d.s6, at(2026, 3, 2), Status.SUBMITTED)
    referral(d.s4, at(2025, 10, 1), Status.CLOSED, triaged=at(2025, 10, 2),
             decided=at(2025, 10, 3), closed=at(2026, 1, 5), outcome=Outcome.DROPPED_OUT,
             feedback=at(2026, 1, 6))

    framework = CompetencyFramework.objects.create(college=d.college, name="Schema", version=1)
    closed = ReviewCycle.objects.create(employee=d.counsellor, manager=d.manager, team=d.team,
                                        school_year=YEAR, framework=framework, stage=Stage.CLOSED)
    running = ReviewCycle.objects.create(employee=d.counsellor2, manager=d.manager, team=d.team,
                                         school_year=YEAR, framework=framework)
    for cycle, rater, answered in [(closed, d.counsellor2, True), (closed, d.manager2, True),
                                   (running, d.counsellor, False)]:
        FeedbackRequest.objects.create(cycle=cycle, rater=rater, rater_group="team",
                                       deadline=TODAY, answered_at=NOW if answered else None)
    Training.objects.create(cycle=closed, area="lc_course", title="LC", hours=8,
                            status=TrainingStatus.COMPLETED, completed_on=TODAY)
    Training.objects.create(cycle=running, area="ict", title="ICT", hours=4)
    intake = Standard.objects.create(college=d.college, code="intake", name="Intake", order=1)
    guidance = Standard.objects.create(college=d.college, code="guidance",
                                       name="Loopbaanbegeleiding", order=3)
    for standard, scores in [(intake, [3, 4]), (guidance, [2])]:
        for i, score in enumerate(scores):
            criterion = Criterion.objects.create(standard=standard, text=f"C{i}", order=i)
            StandardAssessment.objects.create(team=d.team, school_year=YEAR, criterion=criterion,
                                              score=score, evidence=f"Evidence {CANARY}")
    return d


def more_students(d, n: int) -> None:
    """`n` more BOL students of year 1, each with a session and an open follow-up: the query
    counts of the pages must not change."""
    for i in range(n):
        s = StudentFactory(programme=d.bol, study_year=1, start_date=datetime.date(2025, 9, 1))
        AssignmentFactory(student=s, counsellor=d.counsellor2 if i % 2 else d.counsellor)
        session = session_with(s, counsellor=d.counsellor, held_at=at(2026, 3, 1 + i % 10))
        FollowUp.objects.create(session=session, student=s, owner=d.counsellor2,
                                description="x", due_date=datetime.date(2026, 3, 1))
