"""The workplace in a real browser: a praktijkopleider answers by link on a phone, and the
counsellor then finds the answer on the student's page."""

from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories.staff import PASSWORD


def test_a_praktijkopleider_answers_on_a_phone_and_the_counsellor_reads_it(
        phone_page, page, world):
    phone_page.goto(f"/praktijk/{world.trainer_token}/")
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Hoe gaat het met Sanne?"
    # The form fits the phone: no sideways scrolling.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    # Sending without answers says what is missing, next to the questions.
    phone_page.get_by_role("button", name="Versturen").click()
    expect(phone_page.get_by_role("alert")).to_have_count(3)
    phone_page.get_by_label("Zoals verwacht").first.check()
    phone_page.locator("input[name=attitude][value='4']").check()
    phone_page.locator("input[name=progress][value='3']").check()
    phone_page.fill("textarea[name=remarks]", "Neemt initiatief bij de ochtendzorg.")
    phone_page.get_by_role("button", name="Versturen").click()
    assert "Je antwoord is naar de school gestuurd" in phone_page.get_by_test_id(
        "trainer-thanks").inner_text()
    # The link works once.
    response = phone_page.goto(f"/praktijk/{world.trainer_token}/")
    assert response.status == 410

    log_in(page, world.counsellor.email, PASSWORD)
    page.goto(f"/students/{world.student.pk}/")
    report = page.get_by_test_id("timeline-placement-report")
    assert "Neemt initiatief bij de ochtendzorg." in report.inner_text()
    assert "Zoals verwacht" in report.inner_text()
