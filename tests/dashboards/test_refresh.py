"""Refreshing the rollups: the POST button and the beat task."""

import pytest

from lob.dashboards.models import RollupState, TeamYearFigures
from lob.dashboards.tasks import refresh_rollups
from tests.dashboards import data


def test_refresh_button_recomputes_the_year_for_the_users_college(
        client, d, django_capture_on_commit_callbacks):
    data.more_students(d, 2)
    client.force_login(d.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dashboards/refresh/", {"year": "2025",
                                                         "next": f"/dashboards/team/{d.team.pk}/"})
    assert response.status_code == 302
    assert response["Location"] == f"/dashboards/team/{d.team.pk}/"
    row = TeamYearFigures.objects.get(team=d.team, school_year=2025, pathway="BOL", study_year=1)
    assert row.active == 6


@pytest.mark.parametrize("year", ["", "abc", "2019", "2026"])
def test_refresh_of_a_year_not_shown_is_refused_with_a_message(client, d, year):
    before = dict(RollupState.objects.values_list("pk", "refreshed_at"))
    client.force_login(d.manager)
    response = client.post("/dashboards/refresh/", {"year": year}, follow=True)
    assert "Kies een van de getoonde schooljaren." in response.content.decode()
    assert dict(RollupState.objects.values_list("pk", "refreshed_at")) == before


def test_refresh_redirects_only_to_this_site(client, d):
    client.force_login(d.manager)
    response = client.post("/dashboards/refresh/", {"year": "2025",
                                                     "next": "https://evil.example/"})
    assert response["Location"] == "/dashboards/"


def test_refresh_is_post_only(client, d):
    client.force_login(d.manager)
    assert client.get("/dashboards/refresh/").status_code == 405


def test_beat_task_refreshes_the_running_year(d):
    data.more_students(d, 1)
    refresh_rollups()
    row = TeamYearFigures.objects.get(team=d.team, school_year=2025, pathway="BOL", study_year=1)
    assert row.active == 5


def test_a_year_never_computed_is_computed_on_first_view(
        client, d, django_capture_on_commit_callbacks):
    TeamYearFigures.objects.filter(school_year=2025).delete()
    RollupState.objects.filter(school_year=2025).delete()
    client.force_login(d.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/dashboards/team/{d.team.pk}/")
    assert response.status_code == 200
    assert TeamYearFigures.objects.filter(school_year=2025, team=d.team).count() == 2
    assert "Cijfers berekend" in client.get(f"/dashboards/team/{d.team.pk}/").content.decode()
