"""Every staff URL × every persona.

In the world the counsellor has a review cycle led by the team's manager; the colleague is
invited to give 360 feedback on it. HR sees cycle status and frameworks, never a cycle's content.
"""

import datetime

from django.utils import timezone

from tests.matrix import Case, expect


def _scores(w, text="text"):
    from staff.selectors import cycle_competencies

    data = {"expected": ""}
    for c in cycle_competencies(w.cycle):
        data[f"score_{c.pk}"] = "3"
        data[f"text_{c.pk}"] = text
    return data


def _soon(days=7):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


# The employee and the cycle's manager; everybody else gets 404 for the cycle.
CYCLE_PEOPLE = expect(404, counsellor=200, manager=200)
CYCLE_EMPLOYEE = expect(404, counsellor=200, manager=403)
CYCLE_MANAGER = expect(404, counsellor=403, manager=200)
MANAGERS_ONLY = expect(403, manager=200, other_manager=200)
FRAMEWORK_READERS = expect(403, hr=200, director=200, manager=200, other_manager=200)
HR_ONLY = expect(403, hr=200)
# Team plans and standards: members of the team, the directie and HR read; others by role.
PLAN_PAGE = expect(200, lec_worker=403, lec_lead=403, admin=403)
TEAM_PLAN = expect(200, outsider=404, foreign=404, other_manager=404, lec_worker=403,
                   lec_lead=403, admin=403)
TEAM_PLAN_MANAGE = expect(403, manager=200, other_manager=404)


def _redirect(expected: dict, ok: int = 302) -> dict:
    return {p: (ok if s == 200 else s) for p, s in expected.items()}


CASES = [
    Case("staff:cycle_list", lambda w: "/staff/cycles/", expect(200)),
    Case("staff:cycle_open", lambda w: "/staff/cycles/new/", MANAGERS_ONLY),
    Case(
        "staff:cycle_open", lambda w: "/staff/cycles/new/",
        # The other manager cannot pick a member of someone else's team: form error, 200.
        expect(403, manager=302, other_manager=200), method="post",
        data=lambda w: {"employee": w.colleague.pk, "school_year": w.school_year,
                        "role_profile": ""},
    ),
    Case("staff:cycle_overview", lambda w: "/staff/cycles/overview/",
         expect(403, hr=200, director=200)),
    Case("staff:team_overview", lambda w: "/staff/team/", MANAGERS_ONLY),
    Case("staff:cycle_detail", lambda w: f"/staff/cycles/{w.cycle.pk}/", CYCLE_PEOPLE),
    Case("staff:self_assessment", lambda w: f"/staff/cycles/{w.cycle.pk}/self-assessment/",
         CYCLE_PEOPLE),
    Case("staff:self_assessment", lambda w: f"/staff/cycles/{w.cycle.pk}/self-assessment/",
         _redirect(CYCLE_EMPLOYEE), method="post", data=_scores),
    Case("staff:manager_assessment",
         lambda w: f"/staff/cycles/{w.cycle.pk}/manager-assessment/", CYCLE_MANAGER),
    Case("staff:manager_assessment",
         lambda w: f"/staff/cycles/{w.cycle.pk}/manager-assessment/",
         _redirect(CYCLE_MANAGER), method="post", data=_scores),
    # Before the manager shared an assessment the employee gets the form back with a message.
    Case("staff:employee_response", lambda w: f"/staff/cycles/{w.cycle.pk}/response/",
         CYCLE_EMPLOYEE, method="post", data={"text": "Eens", "expected": ""}),
    Case("staff:meeting_plan", lambda w: f"/staff/cycles/{w.cycle.pk}/meetings/pop/plan/",
         _redirect(CYCLE_MANAGER), method="post", data=lambda w: {"pop-planned_on": _soon()}),
    Case("staff:meeting_record", lambda w: f"/staff/cycles/{w.cycle.pk}/meetings/pop/record/",
         CYCLE_MANAGER),
    Case("staff:meeting_record", lambda w: f"/staff/cycles/{w.cycle.pk}/meetings/pop/record/",
         _redirect(CYCLE_MANAGER), method="post",
         data=lambda w: {"held_on": timezone.localdate().isoformat(), "report": "POP besproken"}),
    Case("staff:feedback_invite", lambda w: f"/staff/cycles/{w.cycle.pk}/feedback/invite/",
         CYCLE_PEOPLE),
    Case("staff:feedback_invite", lambda w: f"/staff/cycles/{w.cycle.pk}/feedback/invite/",
         _redirect(CYCLE_PEOPLE), method="post",
         data=lambda w: {"raters": [w.outsider.pk], "deadline": _soon(14)}),
    Case("staff:feedback_results", lambda w: f"/staff/cycles/{w.cycle.pk}/feedback/results/",
         CYCLE_PEOPLE),
    Case("staff:feedback_results_csv",
         lambda w: f"/staff/cycles/{w.cycle.pk}/feedback/results.csv", CYCLE_PEOPLE),
    Case("staff:goal_add", lambda w: f"/staff/cycles/{w.cycle.pk}/goals/add/", CYCLE_PEOPLE),
    Case("staff:goal_status", lambda w: f"/staff/cycles/{w.cycle.pk}/goals/{w.goal.pk}/status/",
         _redirect(CYCLE_PEOPLE), method="post", data={"status": "achieved"}),
    Case("staff:training_add", lambda w: f"/staff/cycles/{w.cycle.pk}/trainings/add/",
         CYCLE_PEOPLE),
    Case("staff:training_status",
         lambda w: f"/staff/cycles/{w.cycle.pk}/trainings/{w.training.pk}/", CYCLE_PEOPLE),
    Case("staff:training_list", lambda w: "/staff/trainings/", expect(200)),
    Case("staff:feedback_inbox", lambda w: "/staff/feedback/", expect(200)),
    Case("staff:feedback_answer", lambda w: f"/staff/feedback/{w.feedback_request.pk}/",
         expect(404, colleague=200)),
    Case("staff:framework_list", lambda w: "/staff/frameworks/", FRAMEWORK_READERS),
    # The college already has a framework: HR is sent back with a message.
    Case("staff:framework_start", lambda w: "/staff/frameworks/start/", _redirect(HR_ONLY),
         method="post"),
    Case("staff:framework_detail", lambda w: f"/staff/frameworks/{w.framework.pk}/",
         FRAMEWORK_READERS),
    Case("staff:framework_detail", lambda w: f"/staff/frameworks/{w.foreign_framework.pk}/",
         expect(403, hr=404, director=404, manager=404, other_manager=404),
         label="get:staff:framework_detail:other-college"),
    Case("staff:framework_category_add",
         lambda w: f"/staff/frameworks/{w.framework.pk}/categories/add/", HR_ONLY),
    Case("staff:framework_competency_add",
         lambda w: f"/staff/frameworks/{w.framework.pk}/competencies/add/", HR_ONLY),
    Case("staff:framework_competency_edit",
         lambda w: f"/staff/frameworks/{w.framework.pk}/competencies/"
                   f"{w.framework.categories.first().competencies.first().pk}/edit/",
         HR_ONLY),
    Case("staff:framework_competency_remove",
         lambda w: f"/staff/frameworks/{w.framework.pk}/competencies/"
                   f"{w.framework.categories.first().competencies.first().pk}/remove/",
         HR_ONLY, label="get:staff:framework_competency_remove:confirm"),
    Case("staff:framework_competency_remove",
         lambda w: f"/staff/frameworks/{w.framework.pk}/competencies/"
                   f"{w.framework.categories.first().competencies.first().pk}/remove/",
         _redirect(HR_ONLY), method="post",
         data=lambda w: {"revision": w.framework.revision, "confirm": "1"}),
    Case("staff:framework_competency_remove",
         lambda w: f"/staff/frameworks/{w.foreign_framework.pk}/competencies/"
                   f"{w.foreign_framework.categories.first().competencies.first().pk}/remove/",
         expect(403, hr=404), method="post", data={"revision": 1, "confirm": "1"},
         label="post:staff:framework_competency_remove:other-college"),
    Case("staff:team_plan_list", lambda w: "/staff/team-plans/", PLAN_PAGE),
    Case("staff:team_plan_detail", lambda w: f"/staff/team-plans/{w.team.pk}/{w.school_year}/",
         TEAM_PLAN),
    Case("staff:team_plan_edit",
         lambda w: f"/staff/team-plans/{w.team.pk}/{w.school_year}/edit/", TEAM_PLAN_MANAGE),
    Case("staff:team_action_add",
         lambda w: f"/staff/team-plans/{w.team.pk}/{w.school_year}/actions/",
         _redirect(TEAM_PLAN_MANAGE), method="post", data={"description": "Werkbijeenkomst LOB"}),
    Case("staff:team_action_status",
         lambda w: f"/staff/team-plans/{w.team.pk}/{w.school_year}/actions/{w.team_action.pk}/status/",
         _redirect(TEAM_PLAN_MANAGE), method="post", data={"status": "done"}),
    Case("staff:progress_review_record",
         lambda w: f"/staff/team-plans/{w.team.pk}/{w.school_year}/reviews/",
         expect(403, director=200)),
    Case("staff:standards_overview", lambda w: "/staff/standards/", PLAN_PAGE),
    Case("staff:standards_team", lambda w: f"/staff/standards/{w.team.pk}/{w.school_year}/",
         TEAM_PLAN),
    Case("staff:standard_action_carry",
         lambda w: f"/staff/standards/assessments/{w.standards_assessment.pk}/carry/",
         _redirect(TEAM_PLAN_MANAGE), method="post"),
]

# The staff file from HR: the functional administrator's (of the job's college: another
# college's job is not found).
CASES += [
    Case("staff:import", lambda w: "/staff/import/", expect(403, admin=200)),
    Case("staff:import", lambda w: "/staff/import/", expect(403, admin=200), method="post",
         data={}, label="post:staff:import (no file: the form's message)"),
    Case("staff:import_status", lambda w: f"/staff/import/{w.staff_import_job.pk}/",
         expect(403, admin=200)),
]
