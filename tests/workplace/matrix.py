from tests.matrix import Case, expect

# Team A1's first-line readers reach Sanne's placement; the others of the college get 404 (not
# their student), roles without first-line work 403.
TEAM_A1 = {"counsellor": 200, "colleague": 200, "care_coordinator": 200, "manager": 200,
           "outsider": 404, "foreign": 404, "other_manager": 404}
TEAM_A1_POST = {k: (302 if v == 200 else v) for k, v in TEAM_A1.items()}

CASES = [
    Case("workplace:placements", lambda w: "/workplace/",
         expect(403, counsellor=200, colleague=200, outsider=200, foreign=200,
                care_coordinator=200, manager=200, other_manager=200)),
    # The placement itself is register data: the college-wide register roles see it too.
    Case("workplace:placement", lambda w: f"/workplace/{w.placement.pk}/",
         expect(200, outsider=404, foreign=404, other_manager=404, hr=403)),
    Case("workplace:placement", lambda w: f"/workplace/{w.foreign_placement.pk}/",
         expect(404, foreign=200, hr=403), label="get:workplace:placement:other-college"),
    Case("workplace:visit_new", lambda w: f"/workplace/{w.placement.pk}/visit/",
         expect(403, **TEAM_A1)),
    Case("workplace:request_new", lambda w: f"/workplace/{w.placement.pk}/ask-trainer/",
         expect(403, **TEAM_A1_POST), method="post",
         # The open request would refuse a second one: revoke it first.
         setup=lambda w, persona: w.trainer_request.__class__.objects.filter(
             pk=w.trainer_request.pk).update(revoked_at=w.trainer_request.created_at)),
    Case("workplace:request_revoke",
         lambda w: f"/workplace/requests/{w.trainer_request.pk}/revoke/",
         expect(403, **TEAM_A1_POST), method="post"),
    # The placement import is the functional administrator's.
    Case("workplace:import", lambda w: "/workplace/import/", expect(403, admin=200)),
    Case("workplace:import_template", lambda w: "/workplace/import/template/",
         expect(403, admin=200)),
]
