"""The manager opens the team dashboard, follows a drill-down and downloads a CSV; the page
also fits a phone screen."""

from django.utils import timezone
from playwright.sync_api import expect

from lob.dashboards.periods import school_year_of
from lob.dashboards.services import dashboard_refresh
from tests.dashboards import data
from tests.e2e.conftest import log_in
from tests.factories.staff import PASSWORD


def test_manager_opens_team_dashboard_follows_a_drill_down_and_downloads_csv(page, db):
    d = data.build()
    dashboard_refresh(school_year=school_year_of(timezone.localdate()))
    log_in(page, d.manager.email, PASSWORD)
    page.get_by_role("link", name="Dashboards").first.click()
    assert "Teamdashboard: Zorg A" in page.get_by_role("heading", level=1).inner_text()
    reach = page.get_by_test_id("table-reach")
    assert "Totaal" in reach.inner_text()
    assert page.locator("svg.lob-chart").count() >= 2

    # The "not seen" figure of the total row leads to the list of those students.
    reach.locator("tfoot td").nth(5).get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Niet individueel gesproken")
    expect(page.get_by_test_id("drill-list").locator("tbody tr").first).to_be_visible()
    page.go_back()

    with page.expect_download() as download_info:
        page.get_by_test_id("csv-reach").click()
    download = download_info.value
    raw = open(download.path(), "rb").read()
    assert raw.startswith("\ufeff".encode())  # Dutch Excel reads it as UTF-8 (issue 16)
    content = raw.decode("utf-8-sig")
    assert content.splitlines()[0].startswith("Leerweg;Leerjaar;Actieve studenten")
    assert "Totaal" in content


    # At 375 px wide the page does not scroll sideways (tables stack, charts scale).
    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
