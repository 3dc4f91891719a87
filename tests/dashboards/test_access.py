"""Who sees which dashboard, and that no LEC content ever reaches one."""

import pytest

from tests.dashboards import data
from tests.dashboards.html import table_rows
from tests.privacy.twofactor import log_in


def _get(client, user, url):
    log_in(client, user)
    return client.get(url)


def test_manager_sees_only_their_own_team(client, d):
    assert _get(client, d.manager, f"/dashboards/team/{d.team.pk}/").status_code == 200
    assert _get(client, d.manager, f"/dashboards/team/{d.team2.pk}/").status_code == 404
    assert _get(client, d.manager,
                f"/dashboards/team/{d.team2.pk}/list/not_seen/").status_code == 404
    assert _get(client, d.manager, f"/dashboards/team/{d.team2.pk}/csv/reach/").status_code == 404
    assert _get(client, d.manager, f"/dashboards/college/{d.college.pk}/").status_code == 403


def test_manager_of_one_team_is_sent_to_it(client, d):
    response = _get(client, d.manager, "/dashboards/")
    assert response.status_code == 302
    assert response["Location"] == f"/dashboards/team/{d.team.pk}/"


def test_director_sees_every_team_of_the_college_side_by_side(client, d):
    response = _get(client, d.director, f"/dashboards/college/{d.college.pk}/")
    rows = table_rows(response.content.decode(), "table-teams")
    assert [r[0] for r in rows[1:]] == ["Techniek A", "Zorg A"]
    zorg = rows[2]
    # team, active, reach, intake on time, open space, one counsellor, overdue, dropped out,
    # referrals, open, median days to triage, feedback on time, cycles, 360, training, standards
    assert zorg == ["Zorg A", "5", "40%", "33%", "40%", "80%", "1", "1", "4", "1", "2,0", "67%",
                    "50%", "67%", "8,0", "3,0"]
    assert rows[1][1:] == ["–"] * 15
    assert _get(client, d.director, f"/dashboards/team/{d.team2.pk}/").status_code == 200
    assert _get(client, d.director, "/dashboards/roc/").status_code == 403


def test_team_links_in_the_college_view_only_for_who_may_open_them(client, d):
    director = _get(client, d.director, f"/dashboards/college/{d.college.pk}/").content.decode()
    assert f'href="/dashboards/team/{d.team.pk}/"' in director
    hr = _get(client, d.hr, f"/dashboards/college/{d.college.pk}/").content.decode()
    assert f'href="/dashboards/team/{d.team.pk}/"' not in hr


def test_college_table_sorts_on_a_column(client, d):
    response = _get(client, d.director, f"/dashboards/college/{d.college.pk}/?sort=1&dir=desc")
    rows = table_rows(response.content.decode(), "table-teams")
    assert [r[0] for r in rows[1:]] == ["Zorg A", "Techniek A"]


def test_hr_sees_staff_figures_only(client, d):
    html = _get(client, d.hr, f"/dashboards/college/{d.college.pk}/").content.decode()
    rows = table_rows(html, "table-teams")
    assert rows[0] == ["Team", "Afgerond (% van de cycli)", "360-verzoeken beantwoord (%)",
                       "Scholingsuren afgerond", "Standaarden: gemiddelde score (1–4)"]
    assert rows[2] == ["Zorg A", "50%", "67%", "8,0", "3,0"]
    assert _get(client, d.hr, f"/dashboards/team/{d.team.pk}/").status_code == 403


def test_lec_lead_sees_referral_aggregates_only(client, d):
    html = _get(client, d.lec_lead, f"/dashboards/college/{d.college.pk}/").content.decode()
    rows = table_rows(html, "table-teams")
    assert rows[0][1:] == ["Verwijzingen", "Open", "Mediaan dagen tot triage",
                           "Met tijdige terugkoppeling (%)"]
    assert rows[2] == ["Zorg A", "4", "1", "2,0", "67%"]
    assert "/lec/overview/" in html  # the LEC's own overview is in the navigation
    assert _get(client, d.lec_lead, f"/dashboards/team/{d.team.pk}/").status_code == 403


def test_roc_view_shows_colleges_side_by_side(client, d, world):
    response = _get(client, d.roc, "/dashboards/roc/")
    assert response.status_code == 200
    rows = table_rows(response.content.decode(), "table-colleges")
    names = [r[0] for r in rows[1:]]
    assert "ROC Amstel College" in names
    amstel = rows[1 + names.index("ROC Amstel College")]
    assert amstel[1:4] == ["5", "40%", "33%"]
    assert _get(client, d.roc, f"/dashboards/college/{d.college.pk}/").status_code == 200
    assert _get(client, d.roc, f"/dashboards/team/{d.team.pk}/").status_code == 200
    assert _get(client, world.roc_director, "/dashboards/").status_code == 302


@pytest.mark.parametrize("persona", ["counsellor", "care_coordinator", "lec_worker", "admin",
                                     "hr", "lec_lead", "manager", "director"])
def test_roc_view_is_forbidden_below_roc_level(client, world, persona):
    assert _get(client, getattr(world, persona), "/dashboards/roc/").status_code == 403


def test_no_lec_content_reaches_any_dashboard_page_or_export(client, d):
    urls = [f"/dashboards/team/{d.team.pk}/", f"/dashboards/college/{d.college.pk}/",
            "/dashboards/roc/"]
    urls += [f"/dashboards/team/{d.team.pk}/csv/{k}/" for k in ("referrals", "referral_outcomes")]
    urls += [f"/dashboards/team/{d.team.pk}/list/{k}/"
             for k in ("not_seen", "intake_late", "changed", "follow_ups", "open_space")]
    urls += [f"/dashboards/team/{d.team.pk}/list/left/?status=dropped_out"]
    for user in (d.manager, d.director, d.roc, d.lec_lead, d.hr):
        log_in(client, user)
        for url in urls:
            response = client.get(url)
            assert data.CANARY not in response.content.decode(), (user, url)


@pytest.mark.parametrize(("who", "url", "computed", "cached"), [
    ("director", "/dashboards/college/{college}/", 10, 7),
    ("roc", "/dashboards/roc/", 9, 6),
])
def test_side_by_side_query_count_does_not_grow(client, d, page_queries, refresh_later, who,
                                                url, computed, cached):
    log_in(client, getattr(d, who))
    url = url.format(college=d.college.pk)
    client.get(url)
    page_queries(url, computed=computed, cached=cached)
    data.more_students(d, 40)
    refresh_later()
    page_queries(url, computed=computed, cached=cached)
