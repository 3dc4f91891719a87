"""The manager's home panel and the demo seed step."""

import datetime
import io

from common.demo import DemoContext
from lob.dashboards.demo import seed_rollups
from lob.dashboards.models import RollupState
from staff.models import User


def test_manager_home_panel_shows_the_teams_headline_figures(client, d):
    client.force_login(d.manager)
    html = client.get("/").content.decode()
    assert 'data-testid="dashboard-panel"' in html
    row = html.split('data-testid="dashboard-panel"')[1].split("</tr>")[1]
    assert ">40%<" in row
    assert f'/dashboards/team/{d.team.pk}/list/not_seen/">3<' in row
    assert f'/dashboards/team/{d.team.pk}/list/intake_late/">2<' in row


def test_no_panel_for_someone_without_a_team_to_manage(client, d):
    client.force_login(d.counsellor)
    assert 'data-testid="dashboard-panel"' not in client.get("/").content.decode()


def test_demo_step_computes_the_colleges_figures_and_adds_an_roc_director(d):
    RollupState.objects.all().delete()
    ctx = DemoContext(college=d.college, index=0, today=datetime.date(2026, 3, 15),
                      password_hash="!", stdout=io.StringIO(), email_domain="amstel.test")
    seed_rollups(ctx)
    assert set(RollupState.objects.values_list("school_year", flat=True)) == {
        2021, 2022, 2023, 2024, 2025}
    roc = User.objects.get(email="roc@lob.demo")
    assert roc.college is None and roc.has_role("director")
