"""Issue 16, "each role's home and menu": the menu shows only what the role can use, and each
home shows what needs that person's attention, with figures that agree with the dashboards."""

import datetime

import pytest
from django.utils import timezone

from lob.dashboards.periods import school_year_of
from lob.dashboards.services import dashboard_refresh
from lob.privacy.models import PrivacyRequest
from staff.models import RoleGrantRequest, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def roc_board(world):
    return world.roc_director  # a director without a college: the ROC board


@pytest.fixture
def figures(world):
    dashboard_refresh(school_year=school_year_of(timezone.localdate()))


def _nav(client, user):
    client.force_login(user)
    return [str(item.label) for item in client.get("/").context["nav_items"]]


def test_the_roc_board_menu_leads_only_to_pages_it_can_use(client, roc_board):
    client.force_login(roc_board)
    home = client.get("/")
    items = home.context["nav_items"]
    assert [i.url for i in items] == ["/dashboards/"]
    # The college-bound pages a director's menu has would all be empty for it.
    body = home.content.decode()
    for path in ("/students/", "/staff/cycles/", "/staff/team-plans/"):
        assert f'href="{path}"' not in body


def test_the_roc_board_home_names_its_role_and_shows_the_colleges(client, roc_board, figures,
                                                                  world):
    client.force_login(roc_board)
    body = client.get("/").content.decode()
    assert "ROC-bestuur (alle colleges)" in body
    assert "Mijn rollen" in body and ">Directie<" not in body and "Directie\n" not in body
    assert 'data-testid="roc-home-panel"' in body and world.college.name in body
    assert 'data-testid="home-figures-age"' in body


def test_a_college_director_keeps_the_college_menu(client, world):
    labels = _nav(client, world.director)
    assert "Studenten" in labels and "Dashboards" in labels


def test_the_director_home_shows_the_college_teams_needing_attention(client, world, figures):
    client.force_login(world.director)
    response = client.get("/")
    panel = next(p for p in response.context["panels"]
                 if p.template == "dashboards/home_panel.html")
    names = {t["team__name"] for t in panel.context["teams"]}
    assert world.team.name in names and world.other_team.name in names
    assert panel.context["age"] is not None


def test_the_manager_home_has_one_source_for_not_seen(client, world, figures):
    """One figure, one definition: the home's "not seen" is the dashboard's (the rollup), and
    its drill-down lists as many rows as the figure says."""
    client.force_login(world.manager)
    response = client.get("/")
    panels = [p for p in response.context["panels"] if "teams" in p.context]
    assert len(panels) == 1, "one panel with the team figures, not two that disagree"
    (team,) = panels[0].context["teams"]
    body = response.content.decode()
    assert 'data-testid="home-figures-age"' in body
    dashboard = client.get(f"/dashboards/team/{world.team.pk}/").context
    drill = client.get(f"/dashboards/team/{world.team.pk}/list/not_seen/")
    assert drill.context["page_obj"].paginator.count == team["not_seen"]
    assert drill.context["figure"] == team["not_seen"]
    assert "blames" not in drill.content.decode()
    assert dashboard is not None


def test_a_drill_down_says_why_it_differs_from_an_older_figure(client, world, figures):
    from lob.dashboards.models import TeamYearFigures

    TeamYearFigures.objects.filter(team=world.team).update(active=99)  # the figure is older
    client.force_login(world.manager)
    drill = client.get(f"/dashboards/team/{world.team.pk}/list/not_seen/")
    text = drill.content.decode()
    assert 'data-testid="drill-figure"' in text
    assert "records changed since" in text or "sindsdien iets gewijzigd" in text
    assert "allowed to see" not in text and "mag zien; het cijfer" not in text


def test_the_privacy_officer_home_shows_open_requests_and_role_requests(client, world):
    officer = world.privacy_officer
    PrivacyRequest.objects.create(
        college=world.college, student=world.student, subject_ref="S1", kind="erasure",
        ground="student_request", received_on=timezone.localdate() - datetime.timedelta(days=40),
        recorded_at=timezone.now())
    RoleGrantRequest.objects.create(college=world.college, user=world.colleague,
                                    role="lec_worker", requested_by=world.admin,
                                    requested_at=timezone.now())
    client.force_login(officer)
    body = client.get("/", follow=True).content.decode()
    assert 'data-testid="privacy-requests-panel"' in body
    assert "te laat" in body  # received 40 days ago: past the one month to answer
    assert 'data-testid="grants-panel"' in body and world.colleague.get_full_name() in body
    assert User.objects.filter(pk=officer.pk).exists()
