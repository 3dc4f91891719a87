from tests.matrix import Case, expect

CASES = [
    Case("students:list", lambda w: "/students/", expect(200, hr=403)),
    Case(
        "students:detail",
        lambda w: f"/students/{w.student.pk}/",
        expect(200, outsider=404, foreign=404, other_manager=404, hr=403),
    ),
    Case(
        "students:detail",
        lambda w: f"/students/{w.foreign_student.pk}/",
        expect(404, foreign=200, hr=403),
        label="get:students:detail:other-college",
    ),
]

CASES += [
    Case("students:import", lambda w: "/students/import/", expect(403, admin=200)),
    Case(
        "students:import_status",
        lambda w: f"/students/import/{w.import_job.pk}/",
        expect(403, admin=200),
    ),
    Case("students:import_template", lambda w: "/students/import/template/students/",
         expect(403, admin=200)),
    Case("students:import_template", lambda w: "/students/import/template/absences/",
         expect(403, admin=200), label="get:students:import_template:absences"),
    Case("students:import_missing", lambda w: "/students/import/missing/",
         expect(403, admin=200)),
]

# --- First line -------------------------------------------------------------------------------
# Counsellor-only pages: every other role is refused the page (403).
COUNSELLORS = {"counsellor": 200, "colleague": 200, "outsider": 200, "foreign": 200}
# Team-role pages (counsellor, care coordinator, manager) on team A1's objects.
TEAM_A1_READERS = {"counsellor": 200, "colleague": 200, "care_coordinator": 200, "manager": 200,
                   "outsider": 404, "foreign": 404, "other_manager": 404}


def _today(w):
    from django.utils import timezone

    return timezone.localdate().isoformat()


CASES += [
    Case("students:caseload", lambda w: "/students/caseload/", expect(403, **COUNSELLORS)),
    Case("students:session_new", lambda w: "/students/sessions/new/",
         expect(403, **COUNSELLORS)),
    Case("students:session_new", lambda w: f"/students/sessions/new/?student={w.student.pk}",
         expect(403, counsellor=200, colleague=200, outsider=404, foreign=404),
         label="get:students:session_new:for-student"),
    Case("students:session", lambda w: f"/students/sessions/{w.session.pk}/",
         expect(403, **TEAM_A1_READERS)),
    Case("students:session", lambda w: f"/students/sessions/{w.foreign_session.pk}/",
         expect(403, counsellor=404, colleague=404, care_coordinator=404, manager=404,
                outsider=404, other_manager=404, foreign=200),
         label="get:students:session:other-college"),
    Case("students:session_edit", lambda w: f"/students/sessions/{w.session.pk}/edit/",
         expect(403, counsellor=200, colleague=404, outsider=404, foreign=404)),
    Case("students:session_amend", lambda w: f"/students/sessions/{w.locked_session.pk}/amend/",
         expect(403, counsellor=302, colleague=404, outsider=404, foreign=404),
         method="post", data={"text": "Correctie: het gesprek duurde een uur."}),
    Case("students:session_follow_up_add",
         lambda w: f"/students/sessions/{w.session.pk}/follow-ups/",
         expect(403, **{**TEAM_A1_READERS, **dict.fromkeys(
             ["counsellor", "colleague", "care_coordinator", "manager"], 302)}),
         method="post",
         data=lambda w: {"description": "Bellen", "owner": w.counsellor.pk, "due_date": _today(w)}),
    Case("students:follow_ups", lambda w: "/students/follow-ups/",
         expect(403, **COUNSELLORS, care_coordinator=200, manager=200, other_manager=200)),
    Case("students:follow_up_close", lambda w: f"/students/follow-ups/{w.follow_up.pk}/close/",
         expect(403, counsellor=302, care_coordinator=302, manager=302, colleague=404,
                outsider=404, foreign=404, other_manager=404),
         method="post", data={"status": "done", "note": "Gedaan"}),
    Case("students:follow_up_close", lambda w: f"/students/follow-ups/{w.follow_up.pk}/close/",
         expect(403, counsellor=200, care_coordinator=200, manager=200, colleague=404,
                outsider=404, foreign=404, other_manager=404),
         method="post", data={"status": "done", "note": "Gedaan"}, htmx=True,
         label="post:students:follow_up_close:htmx"),
    Case("students:follow_up_handover",
         lambda w: f"/students/follow-ups/{w.follow_up.pk}/handover/",
         expect(403, counsellor=302, care_coordinator=302, manager=302, colleague=404,
                outsider=404, foreign=404, other_manager=404),
         method="post", data=lambda w: {"owner": w.colleague.pk}),
    Case("students:groups", lambda w: "/students/groups/",
         expect(403, **COUNSELLORS, manager=200, other_manager=200)),
    Case("students:group", lambda w: f"/students/groups/{w.group.pk}/",
         expect(403, **TEAM_A1_READERS)),
    Case("students:group_session_new", lambda w: f"/students/groups/{w.group.pk}/sessions/new/",
         expect(403, counsellor=200, colleague=200, outsider=404, foreign=404)),
    Case("students:counsellor_change", lambda w: f"/students/{w.student.pk}/counsellor/",
         expect(403, manager=200, other_manager=404)),
    Case("students:group_counsellor_change",
         lambda w: f"/students/groups/{w.group.pk}/counsellor/",
         expect(403, manager=200, other_manager=404)),
]
