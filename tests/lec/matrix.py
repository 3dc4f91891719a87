"""The LEC's URLs in the permission matrix. Pages for LEC roles answer 403 to other roles;
a referral answers 404 to everybody who may not see it (the same answer as "does not exist")."""

import datetime

from django.utils import timezone

from tests.matrix import Case, expect

LEC_ONLY = {"lec_worker": 200, "lec_lead": 200}
# A referral page: LEC worker on the case and the LEC lead see it, everybody else gets 404.
ON_CASE = expect(404, lec_worker=200, lec_lead=200)
# A successful POST on the case redirects back to it.
ON_CASE_POST = expect(404, lec_worker=302, lec_lead=302)


def _future(days=30):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _refer_data(w):
    return {"reason": "Verzuim", "concern_domains": ["attendance"], "urgency": "normal",
            "tried": "Gesprek", "student_knows": "on", "student_agrees": "on",
            "source": "intake"}


CASES = [
    Case("lec:queue", lambda w: "/lec/", expect(403, **LEC_ONLY)),
    Case("lec:cases", lambda w: "/lec/cases/", expect(403, **LEC_ONLY)),
    Case("lec:overview", lambda w: "/lec/overview/", expect(403, lec_lead=200)),
    Case("lec:access_log", lambda w: "/lec/access-log/", expect(403, lec_lead=200)),
    # Referring: the student's counsellors and care coordinator, and LEC staff (intake).
    Case("lec:refer", lambda w: f"/lec/refer/{w.student.pk}/",
         expect(403, counsellor=200, colleague=200, care_coordinator=200, outsider=404,
                foreign=404, lec_worker=200, lec_lead=200)),
    Case("lec:refer", lambda w: f"/lec/refer/{w.unreferred_student.pk}/",
         expect(403, counsellor=302, colleague=302, care_coordinator=302, outsider=404,
                foreign=404, lec_worker=302, lec_lead=302),
         method="post", data=_refer_data, label="post:lec:refer"),
    Case("lec:refer", lambda w: f"/lec/refer/{w.foreign_student.pk}/",
         expect(403, counsellor=404, colleague=404, care_coordinator=404, outsider=404,
                foreign=200, lec_worker=404, lec_lead=404),
         label="get:lec:refer:other-college"),
    # The case file.
    Case("lec:detail", lambda w: f"/lec/{w.referral.pk}/", ON_CASE),
    Case("lec:detail", lambda w: f"/lec/{w.other_case.pk}/", expect(404, lec_lead=200),
         label="get:lec:detail:someone-elses-case"),
    Case("lec:detail", lambda w: f"/lec/{w.new_referral.pk}/", ON_CASE,
         label="get:lec:detail:in-queue"),
    Case("lec:detail", lambda w: f"/lec/{w.foreign_referral.pk}/", expect(404),
         label="get:lec:detail:other-college"),
    Case("lec:claim", lambda w: f"/lec/{w.new_referral.pk}/claim/", ON_CASE_POST,
         method="post"),
    Case("lec:claim", lambda w: f"/lec/{w.foreign_referral.pk}/claim/", expect(404),
         method="post", label="post:lec:claim:other-college"),
    Case("lec:assign", lambda w: f"/lec/{w.referral.pk}/assign/", ON_CASE_POST, method="post",
         data=lambda w: {"worker": w.lec_worker2.pk, "version": w.referral.version}),
    Case("lec:member_add", lambda w: f"/lec/{w.referral.pk}/members/", ON_CASE_POST,
         method="post",
         data=lambda w: {"worker": w.lec_worker2.pk, "version": w.referral.version}),
    Case("lec:accept", lambda w: f"/lec/{w.triage_referral.pk}/accept/", ON_CASE_POST,
         method="post",
         data=lambda w: {"trajectory": "full", "justification": "",
                         "version": w.triage_referral.version}),
    Case("lec:return", lambda w: f"/lec/{w.triage_referral.pk}/return/", ON_CASE_POST,
         method="post",
         data=lambda w: {"feedback": "Eerst thuis bespreken.",
                         "version": w.triage_referral.version}),
    Case("lec:advance", lambda w: f"/lec/{w.referral.pk}/advance/", ON_CASE_POST,
         method="post",
         data=lambda w: {"to_status": "in_progress", "evaluation_date": _future(),
                         "version": w.referral.version}),
    Case("lec:close", lambda w: f"/lec/{w.running_case.pk}/close/", ON_CASE_POST,
         method="post",
         data=lambda w: {"outcome": "back_in_programme", "feedback": "Weer in de klas.",
                         "version": w.running_case.version}),
    Case("lec:finding_add", lambda w: f"/lec/{w.referral.pk}/findings/", ON_CASE_POST,
         method="post",
         data={"domain": "housing", "severity": "mild", "description": "Woont bij oma."}),
    Case("lec:finding_add", lambda w: f"/lec/{w.other_case.pk}/findings/",
         expect(404, lec_lead=302), method="post",
         data={"domain": "housing", "severity": "mild", "description": "Woont bij oma."},
         label="post:lec:finding_add:someone-elses-case"),
    Case("lec:instrument_add", lambda w: f"/lec/{w.referral.pk}/instruments/", ON_CASE_POST,
         method="post",
         data=lambda w: {"instrument": "SDQ", "administered_on": timezone.localdate().isoformat(),
                         "result": "19", "interpretation": "Verhoogd"}),
    Case("lec:action_add", lambda w: f"/lec/{w.referral.pk}/actions/", ON_CASE_POST,
         method="post",
         data=lambda w: {"description": "Rooster bespreken", "owner": "student", "partner": "",
                         "due_date": _future(7)}),
    Case("lec:action_update", lambda w: f"/lec/actions/{w.plan_action.pk}/", ON_CASE_POST,
         method="post",
         data=lambda w: {f"a{w.plan_action.pk}-status": "done",
                         f"a{w.plan_action.pk}-outcome": "Afspraak gemaakt",
                         f"a{w.plan_action.pk}-version": w.plan_action.version}),
    Case("lec:note_add", lambda w: f"/lec/{w.referral.pk}/notes/", ON_CASE_POST, method="post",
         data={"partner": "youth_doctor", "text": "Gebeld."}),
    Case("lec:feedback_add", lambda w: f"/lec/{w.referral.pk}/feedback/", ON_CASE_POST,
         method="post", data={"text": "Gaat de goede kant op."}),
    # The first line's list of referrals (every first-line persona has one: their own).
    Case("lec:first_line_referrals", lambda w: "/lec/referrals/",
         expect(403, counsellor=200, colleague=200, outsider=200, foreign=200,
                care_coordinator=200)),
    # An action the plan gave to the first line: those the LEC's feedback is written for.
    Case("lec:first_line_action_done",
         lambda w: f"/lec/first-line-actions/{w.first_line_action.pk}/done/",
         expect(403, counsellor=302, colleague=302, care_coordinator=302, outsider=404,
                foreign=404),
         method="post", data=lambda w: {"version": w.first_line_action.version, "note": ""}),
    Case("lec:first_line_action_done",
         lambda w: f"/lec/first-line-actions/{w.plan_action.pk}/done/",
         expect(403, counsellor=404, colleague=404, care_coordinator=404, outsider=404,
                foreign=404),
         method="post", data=lambda w: {"version": w.plan_action.version, "note": ""},
         label="post:lec:first_line_action_done:the-students-own-action"),
    # The care coordinator's triage view and one referral of their team in it.
    Case("lec:coordinator", lambda w: "/lec/coordinator/", expect(403, care_coordinator=200)),
    Case("lec:coordinator_referral", lambda w: f"/lec/coordinator/{w.new_referral.pk}/",
         expect(403, care_coordinator=200)),
    Case("lec:coordinator_referral", lambda w: f"/lec/coordinator/{w.other_case.pk}/",
         expect(403, care_coordinator=404), label="get:lec:coordinator_referral:other-team"),
    Case("lec:coordinator_referral", lambda w: f"/lec/coordinator/{w.new_referral.pk}/",
         expect(403, care_coordinator=302), method="post",
         data={"recommendation": "take_on", "text": "Bekend bij de mentor: thuis onrustig."}),
    # Consulting the care coordinator before referring.
    Case("lec:consult", lambda w: f"/lec/consult/{w.student.pk}/",
         expect(403, counsellor=200, colleague=200, care_coordinator=200, outsider=404,
                foreign=404)),
    Case("lec:consult", lambda w: f"/lec/consult/{w.unreferred_student.pk}/",
         expect(403, counsellor=302, colleague=302, care_coordinator=400, outsider=404,
                foreign=404),
         method="post",
         data=lambda w: {"coordinator": w.care_coordinator.pk, "question": "Verwijzen?"}),
    Case("lec:consultation", lambda w: f"/lec/consultations/{w.consultation.pk}/",
         expect(403, counsellor=200, colleague=404, care_coordinator=200, outsider=404,
                foreign=404)),
    Case("lec:consultation", lambda w: f"/lec/consultations/{w.consultation.pk}/",
         expect(403, counsellor=302, colleague=404, care_coordinator=302, outsider=404,
                foreign=404),
         method="post", data=lambda w: {"answer": "Ja, verwijs.", "version": 1}),
]
