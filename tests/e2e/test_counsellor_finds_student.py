from tests.e2e.conftest import log_in
from tests.factories.staff import PASSWORD


def test_counsellor_logs_in_and_finds_a_student_of_their_caseload(page, world):
    log_in(page, world.counsellor.email, PASSWORD)
    page.get_by_role("link", name="Studenten", exact=True).click()
    page.fill("input[name=q]", "Vries")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="de Vries, Sanne").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sanne de Vries"
    assert "Carla Counsel" in page.get_by_test_id("counsellor-history").inner_text()
