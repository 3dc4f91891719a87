"""Dashboards in the URL × persona matrix.

Team dashboard: the team's manager and the college's directie; another team's manager and a
director of another college get 404; everybody else 403 (HR: no student data). College view:
directie, HR (staff figures) and the LEC lead (referral figures) of the college. ROC view:
ROC-level users only (none of the personas: tested in tests/dashboards/test_access.py).
"""

from tests.matrix import Case, expect

TEAM = {"manager": 200, "director": 200, "other_manager": 404}
COLLEGE = {"director": 200, "hr": 200, "lec_lead": 200}

CASES = [
    Case("dashboards:index", lambda w: "/dashboards/",
         expect(403, manager=302, other_manager=302, director=200, hr=302, lec_lead=302)),
    Case("dashboards:team", lambda w: f"/dashboards/team/{w.team.pk}/", expect(403, **TEAM)),
    Case("dashboards:team", lambda w: f"/dashboards/team/{w.foreign_team.pk}/",
         expect(403, manager=404, other_manager=404, director=404),
         label="get:dashboards:team:other-college"),
    Case("dashboards:team_csv", lambda w: f"/dashboards/team/{w.team.pk}/csv/reach/",
         expect(403, **TEAM)),
    Case("dashboards:drill", lambda w: f"/dashboards/team/{w.team.pk}/list/not_seen/",
         expect(403, **TEAM)),
    Case("dashboards:drill", lambda w: f"/dashboards/team/{w.team.pk}/list/follow_ups/",
         expect(403, **TEAM), label="get:dashboards:drill:follow-ups"),
    Case("dashboards:college", lambda w: f"/dashboards/college/{w.college.pk}/",
         expect(403, **COLLEGE)),
    Case("dashboards:college", lambda w: f"/dashboards/college/{w.other_college.pk}/",
         expect(403, director=404, hr=404, lec_lead=404),
         label="get:dashboards:college:other-college"),
    Case("dashboards:college_csv", lambda w: f"/dashboards/college/{w.college.pk}/csv/teams/",
         expect(403, **COLLEGE)),
    Case("dashboards:roc", lambda w: "/dashboards/roc/", expect(403)),
    Case("dashboards:roc_csv", lambda w: "/dashboards/roc/csv/colleges/", expect(403)),
    Case("dashboards:refresh", lambda w: "/dashboards/refresh/", expect(
        403, manager=302, other_manager=302, director=302, hr=302, lec_lead=302),
        method="post", data=lambda w: {"year": "2020"}),
]
