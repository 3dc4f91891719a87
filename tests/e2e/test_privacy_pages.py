"""What the admin and the privacy officer see on the privacy pages, in a real browser: date
inputs that show their value, a readable export that reads as a document, the audit page."""

from django.utils import timezone

from lob.privacy.models import PrivacyRequest
from students.models import Student
from tests.e2e.conftest import log_in
from tests.factories.staff import PASSWORD
from tests.lob.test_date_formats import dutch


def test_request_form_shows_todays_date_and_records_without_retyping_it(page, world):
    log_in(page, world.admin.email, PASSWORD)
    page.goto(f"/privacy/students/{world.other_team_student.pk}/")
    received = page.locator("input[name=received_on]")
    # A browser date input drops a value that is not ISO: before the fix it looked empty.
    assert received.input_value() == timezone.localdate().isoformat()
    page.select_option("select[name=kind]", "correction")
    page.get_by_role("button", name="Verzoek vastleggen").click()
    page.wait_for_url("**/privacy/requests/*/")
    assert "Dit veld is verplicht" not in page.content()
    assert PrivacyRequest.objects.filter(student=world.other_team_student, kind="correction",
                                         received_on=timezone.localdate()).exists()


def test_correction_form_shows_the_date_of_birth_and_saves_it_unchanged(page, world):
    born = world.student.date_of_birth
    log_in(page, world.admin.email, PASSWORD)
    page.goto(f"/privacy/requests/{world.correction_request.pk}/")
    # Dates read Dutch style, one format: "1 dec. 2026", not "1-12-2026".
    assert dutch(timezone.localdate()) in page.get_by_text("Ontvangen op").locator("xpath=..").inner_text()
    assert page.locator("input[name=date_of_birth]").input_value() == born.isoformat()
    page.fill("input[name=last_name]", "de Vries-Jansen")
    page.get_by_role("button", name="Correctie opslaan").click()
    page.wait_for_url(f"**/privacy/requests/{world.correction_request.pk}/")
    assert "Dit veld is verplicht" not in page.content()
    student = Student.objects.get(pk=world.student.pk)
    assert student.last_name == "de Vries-Jansen" and student.date_of_birth == born
