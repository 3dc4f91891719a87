"""The functional administrator imports the HR file in a browser; a care-data role in it waits
for the LEC lead, who approves it on the role requests page."""

from tests.e2e.conftest import log_in
from tests.factories.staff import PASSWORD

HR_FILE = (
    "e-mail;voornaam;achternaam;college;team;rollen;startdatum;einddatum\n"
    "nieuw.lec@west.test;Noor;Nieuw;{college};;LEC-medewerker;01-08-2024;\n"
    "nieuwe.coach@west.test;Cas;Coach;{college};{team};loopbaanbegeleider;01-08-2024;\n"
)


def test_an_hr_file_is_imported_and_its_care_role_approved_by_a_second_person(browser, live_server,
                                                                              world):
    from staff.models import User

    admin_context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = admin_context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, world.admin.email, PASSWORD)
    page.goto("/staff/import/")
    content = HR_FILE.format(college=world.college.short_name, team=world.team.code)
    page.set_input_files("input[name=file]", files=[{
        "name": "hr-export.csv", "mimeType": "text/csv", "buffer": content.encode("cp1252")}])
    page.click("form[enctype=\"multipart/form-data\"] button[type=submit]")
    page.wait_for_selector("[data-testid=staff-import-done]")
    assert "2 accounts aangemaakt" in page.get_by_test_id("staff-import-done").inner_text()
    grants = page.get_by_test_id("staff-import-grants").inner_text()
    assert "nieuw.lec@west.test" in grants and "lec_worker" in grants
    assert not User.objects.get(email="nieuw.lec@west.test").has_role("lec_worker")
    admin_context.close()

    lead_context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = lead_context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, world.lec_lead.email, PASSWORD)
    page.goto("/privacy/role-requests/")
    row = page.get_by_test_id("pending-grants").locator("tr", has_text="nieuw.lec@west.test")
    assert "hr-export.csv" in row.get_by_test_id("requested-via").inner_text()
    row.get_by_role("button", name="Goedkeuren").click()
    # Back on the page, the request is no longer waiting.
    page.get_by_test_id("pending-grants").locator("tr", has_text="nieuw.lec@west.test").wait_for(
        state="detached")
    assert User.objects.get(email="nieuw.lec@west.test").has_role("lec_worker")
    lead_context.close()
