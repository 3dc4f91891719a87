"""Objects of the portal in the shared test world: guardian rows of Sanne (the student persona),
of a student of another team and of a student in college Noord;
the part of Sanne's session shared with her (and its agreements with her parents); a group
session with a team mate; a plan action of the LEC that Sanne owns."""

import datetime

from lec.models import Owner
from students.models import Guardian
from tests.factories.lec import PlanActionFactory
from tests.factories.students import FollowUpFactory, session_with

# Written where only staff may read it: the internal summary and agreements of a session.
INTERNAL_CANARY = "CANARY-INTERNAL-4c1d-thuis-onrustig"
SHARED_SUMMARY = "We hebben het gehad over je keuze voor de zorg."
SHARED_AGREEMENTS = "Je bezoekt de open dag van het ziekenhuis."
STUDENT_ONLY_AGREEMENTS = "Je schrijft op wat je goed kunt."
STUDENT_PLAN_ACTION = "Zelf een afspraak maken bij de huisarts"


def add_actiepunten(w, persona=None):
    """Actiepunten of Sanne, of a student of another team and of a student in college Noord.
    Made when a test asks (a matrix case's set-up): in the shared world they would change the
    open follow-ups that other apps' tests count."""
    if getattr(w, "actiepunt", None) is not None:
        return
    w.actiepunt = FollowUpFactory(session=w.session, student=w.student, owner=w.counsellor,
                                  description="Open dag bezoeken", student_owned=True)
    w.team_session_actiepunt = FollowUpFactory(
        session=w.other_session, student=w.other_team_student, owner=w.outsider,
        student_owned=True)
    w.foreign_actiepunt = FollowUpFactory(session=w.foreign_session, student=w.foreign_student,
                                          owner=w.foreign, student_owned=True)


def extend(w):
    w.session.summary = f"Intern: {INTERNAL_CANARY}"
    w.session.agreements = f"Intern afgesproken: {INTERNAL_CANARY}"
    w.session.shared_summary = SHARED_SUMMARY
    w.session.shared_agreements = SHARED_AGREEMENTS
    w.session.shared_with_guardians = True
    w.session.save()
    w.locked_session.shared_agreements = STUDENT_ONLY_AGREEMENTS
    w.locked_session.summary = f"Ook intern: {INTERNAL_CANARY}"
    w.locked_session.save()
    # A group lesson with a team mate, before Sanne's last session (her caseload figures stay
    # as the other apps' tests know them): Sanne must never see who else was there.
    w.group_session = session_with(w.student, w.team_student, counsellor=w.counsellor,
                                   group=w.group, summary=f"Groep: {INTERNAL_CANARY}",
                                   shared_summary="Les over je talenten.",
                                   held_at=w.session.held_at - datetime.timedelta(days=2))
    w.guardian = Guardian.objects.get(student=w.student, account=w.guardian_account)
    w.other_guardian = Guardian.objects.create(student=w.other_team_student, last_name="Jansen")
    w.foreign_guardian = Guardian.objects.create(student=w.foreign_student, last_name="Bakker")
    w.student_plan_action = PlanActionFactory(referral=w.referral, owner=Owner.STUDENT,
                                              description=STUDENT_PLAN_ACTION)
