"""Browser journeys of the privacy app: two-factor enrolment on a phone, a code at login, the
subject-access export, and pages that run under the Content-Security-Policy without errors."""

from tests.e2e.conftest import log_in
from tests.factories.staff import PASSWORD, UserFactory
from tests.privacy.twofactor import current_code


def _csp_errors(page):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text else None)
    return errors


def test_new_admin_enrols_an_authenticator_on_a_phone(phone_page, world):
    from lob.privacy import twofactor

    admin = UserFactory(college=world.college, email="nieuw.beheer@west.test", roles=["admin"])
    errors = _csp_errors(phone_page)
    phone_page.goto("/accounts/login/")
    phone_page.fill("input[name=username]", admin.email)
    phone_page.fill("input[name=password]", PASSWORD)
    phone_page.click("button[type=submit]")
    phone_page.wait_for_url("**/privacy/two-factor/setup/**")
    phone_page.get_by_role("button", name="Authenticator-app instellen").click()
    qr = phone_page.get_by_test_id("totp-qr").locator("svg")
    assert qr.is_visible()
    assert qr.bounding_box()["width"] <= 375
    assert phone_page.get_by_test_id("totp-secret").is_visible()
    device = twofactor.pending_device(admin)
    phone_page.fill("input[name=code]", current_code(device))
    phone_page.get_by_role("button", name="Tweestapsinloggen aanzetten").click()
    phone_page.wait_for_url(lambda url: "/privacy/" not in url)
    assert "Tweestapsinloggen staat aan" in phone_page.content()
    # No horizontal scrolling at 375 px.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert errors == []


def test_lec_worker_gives_a_code_and_sees_the_lec_pages(page, world):
    log_in(page, world.lec_worker.email, PASSWORD)  # types the current code
    page.goto("/lec/")
    assert "/privacy/two-factor/" not in page.url
    assert page.get_by_role("heading", level=1).is_visible()


def test_admin_exports_what_lob_holds_about_a_student(page, world):
    errors = _csp_errors(page)
    log_in(page, world.admin.email, PASSWORD)
    page.goto(f"/students/{world.student.pk}/")
    page.get_by_role("link", name="Privacy en inzage").click()
    page.get_by_role("button", name="Leesbare export").click()
    assert "Wat LOB vastlegt over" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_test_id("section-students.followup").is_visible()
    assert "achtergehouden" in page.get_by_test_id("section-lec.finding").inner_text()
    assert errors == []
