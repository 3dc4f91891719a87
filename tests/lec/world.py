"""The LEC's part of the shared test world (see tests/conftest.py).

- `referral`: Sanne (the counsellor's caseload) in the plan state, case worker `lec_worker`,
  with a case file that carries CANARY in every kind of content.
- `other_case`: a case of another LEC worker (`lec_worker2`): the lec_worker persona gets 404.
- `new_referral`: a fresh referral in the triage queue; `triage_referral`: claimed by
  `lec_worker`; `running_case`: in progress (to close); `foreign_referral`: another college.
- `unreferred_student`: a team student without a referral (to refer).
- `handed_case`: a case in progress (referred by the counsellor, the student without a
  counsellor) with `first_line_action`, an action the plan gave to the first line.
- `consultation`: the counsellor asked the team's care coordinator about Sanne.
"""

from django.utils import timezone

from lec.models import Consultation, Owner, Partner, Status
from tests.factories.lec import (
    CaseNoteFactory,
    FeedbackFactory,
    FindingFactory,
    InstrumentFactory,
    PlanActionFactory,
    ReferralFactory,
)
from tests.factories.staff import UserFactory
from tests.factories.students import StudentFactory

# A sensitive string that must never reach anyone outside the LEC case.
CANARY = "CANARY-LEC-7f3e9b-psychiatrische-opname"


def extend(w):
    w.lec_worker2 = UserFactory(college=w.college, email="lec2@west.test", roles=["lec_worker"])
    w.foreign_lec_lead = UserFactory(college=w.other_college, email="leclead@noord.test",
                                     roles=["lec_lead"])
    w.referral = ReferralFactory(student=w.student, referred_by=w.counsellor,
                                 status=Status.PLAN, assigned_to=w.lec_worker)
    FindingFactory(referral=w.referral, domain="health", severity="severe",
                   description=f"Finding: {CANARY}")
    InstrumentFactory(referral=w.referral, interpretation=f"Interpretation: {CANARY}")
    # Owned by the partner: a plan action the student owns is shown to the student in the
    # portal (its description and due date), so the canary sits in one they do not own.
    w.plan_action = PlanActionFactory(referral=w.referral, description=f"Action: {CANARY}",
                                      partner=Partner.YOUTH_DOCTOR, owner=Owner.PARTNER)
    CaseNoteFactory(referral=w.referral, partner=Partner.YOUTH_DOCTOR, text=f"Note: {CANARY}")
    FeedbackFactory(referral=w.referral, text="Sanne is in begeleiding bij het LEC.")
    w.referral.eligibility_justification = f"Justification: {CANARY}"
    w.referral.save(update_fields=["eligibility_justification"])

    w.other_case = ReferralFactory(student=w.other_team_student, referred_by=w.outsider,
                                   status=Status.DIAGNOSIS, assigned_to=w.lec_worker2)
    FindingFactory(referral=w.other_case, description=f"Other finding: {CANARY}")

    w.new_referral = ReferralFactory(student=w.team_student, referred_by=w.colleague,
                                     reason=f"Reason: {CANARY}")
    w.triage_referral = ReferralFactory(student=StudentFactory(programme=w.programme),
                                        referred_by=w.care_coordinator, status=Status.TRIAGE,
                                        assigned_to=w.lec_worker)
    w.running_case = ReferralFactory(student=StudentFactory(programme=w.programme),
                                     referred_by=w.counsellor, status=Status.IN_PROGRESS,
                                     assigned_to=w.lec_worker)
    w.foreign_referral = ReferralFactory(student=w.foreign_student, referred_by=w.foreign)
    w.unreferred_student = StudentFactory(programme=w.programme)

    w.handed_case = ReferralFactory(student=StudentFactory(programme=w.programme),
                                    referred_by=w.counsellor, status=Status.IN_PROGRESS,
                                    assigned_to=w.lec_worker)
    w.first_line_action = PlanActionFactory(referral=w.handed_case, owner=Owner.COUNSELLOR,
                                            description="Rooster met de student doornemen")
    w.consultation = Consultation.objects.create(
        college=w.college, student=w.student, team=w.team, asked_by=w.counsellor,
        coordinator=w.care_coordinator, question="Moet ik Sanne verwijzen?",
        asked_at=timezone.now())
