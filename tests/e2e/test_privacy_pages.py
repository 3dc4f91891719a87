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


A4_TEXT_WIDTH = 680  # 210 mm less 2 × 15 mm margins, at 96 px per inch


def test_the_readable_export_reads_as_a_document_and_fits_a4_in_print(page, world):
    log_in(page, world.lec_lead.email, PASSWORD)
    page.goto(f"/privacy/students/{world.student.pk}/")
    page.get_by_role("button", name="Leesbare export").click()
    page.wait_for_selector("[data-testid=export-document]")
    text = page.get_by_test_id("export-document").inner_text()
    assert "Terugkoppelingen" in text and "Terugkoppelings" not in text
    assert "Case notes" not in text and "False" not in text and "submission" not in text
    assert page.get_by_role("button", name="Afdrukken of bewaren als pdf").is_visible()
    page.set_viewport_size({"width": A4_TEXT_WIDTH, "height": 1000})
    page.emulate_media(media="print")
    assert page.locator("nav.navbar").is_hidden()
    assert page.get_by_role("button", name="Afdrukken of bewaren als pdf").is_hidden()
    # Nothing sticks out on the right of the printed page.
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_TEXT_WIDTH
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[data-testid=export-document] *')]"
        ".map(e => e.getBoundingClientRect().right))")
    assert widest <= A4_TEXT_WIDTH
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
