"""A student on a 375 px phone writes a reflection with a file in their career dossier and books
an appointment with their counsellor."""

from playwright.sync_api import expect

from lob.appointments.models import Appointment, Status
from lob.dossier.models import Reflection
from tests.e2e.conftest import log_in
from tests.factories.portal_parts import PDF_BYTES
from tests.factories.staff import PASSWORD


def _fits_the_screen(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_student_writes_a_reflection_with_a_file_on_a_phone(phone_page, world):
    page = phone_page
    log_in(page, world.student_account.email, PASSWORD)
    page.goto("/dossier/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn loopbaandossier"
    _fits_the_screen(page)
    page.get_by_test_id("competency-work_exploration").click()
    page.get_by_label("Jouw reflectie").fill("Ik heb een dag meegelopen in het ziekenhuis.")
    page.set_input_files("input[name=file]", files=[{
        "name": "meeloopdag.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}])
    page.get_by_label("Mijn ouders mogen dit lezen").check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Je reflectie is opgeslagen.").wait_for()
    _fits_the_screen(page)
    written = page.get_by_test_id("reflection").first
    assert "meegelopen in het ziekenhuis" in written.inner_text()
    assert "meeloopdag.pdf" in written.get_by_test_id("evidence").inner_text()
    assert "Gedeeld met ouders" in written.inner_text()
    reflection = Reflection.objects.get(student=world.student, competency="work_exploration")
    assert reflection.shared_with_guardians
    assert reflection.evidence.get().original_name == "meeloopdag.pdf"

    # A file that is not what its name says is refused with a message; nothing is added.
    page.get_by_label("Jouw reflectie").fill("Nog een.")
    page.set_input_files("input[name=file]", files=[{
        "name": "nep.pdf", "mimeType": "application/pdf", "buffer": b"GIF89a not a pdf"}])
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("geen echt PDF-bestand").wait_for()
    assert Reflection.objects.filter(student=world.student,
                                     competency="work_exploration").count() == 1


def test_a_student_books_an_appointment_on_a_phone(phone_page, world):
    page = phone_page
    log_in(page, world.student_account.email, PASSWORD)
    page.goto("/appointments/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn afspraken"
    _fits_the_screen(page)
    free = page.get_by_test_id("free-slot").first
    free.locator("summary").click()
    free.get_by_label("Waar wil je over praten? (hoeft niet)").fill("Mijn stage")
    free.get_by_role("button", name="Deze tijd boeken").click()
    page.get_by_text("Je afspraak is geboekt.").wait_for()
    _fits_the_screen(page)
    assert page.get_by_test_id("appointment-status").inner_text() == "Geboekt"
    assert "Carla Counsel" in page.get_by_test_id("appointment").inner_text()
    booked = Appointment.objects.get(slot=world.free_slot)
    assert (booked.student, booked.status, booked.topic) == (world.student, Status.BOOKED,
                                                             "Mijn stage")
    page.get_by_role("link", name="Mijn afspraken").first.click()
    expect(page.get_by_test_id("my-appointment")).to_have_count(2)  # the world's and this one
