"""The whole loop in a real browser: a counsellor (on a phone) refers, an LEC worker claims,
diagnoses, plans and closes with feedback, and the counsellor sees that feedback."""

import datetime

import pytest
from django.utils import timezone

from lec.models import Referral
from tests.e2e.conftest import log_in
from tests.factories.staff import PASSWORD
from tests.factories.students import AssignmentFactory, StudentFactory

FEEDBACK = "Milan heeft een nieuw rooster en komt weer elke dag; graag aanwezigheid volgen."


# The live server needs a transactional database; a transactional test that ran before in the
# same process flushed the role groups made by a data migration: restore them first.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_referral_loop_from_counsellor_to_lec_and_back(world, page, phone_page):
    student = StudentFactory(programme=world.programme, first_name="Milan", last_name="Bakker")
    AssignmentFactory(student=student, counsellor=world.counsellor)

    # The counsellor refers from the student's page, on a 375 px phone.
    counsellor = phone_page
    log_in(counsellor, world.counsellor.email, PASSWORD)
    counsellor.goto(f"/students/{student.pk}/")
    counsellor.get_by_role("link", name="Verwijzen naar het LEC").click()
    counsellor.get_by_label("Reden van de verwijzing").fill("Verzuimt veel, vertelt over "
                                                             "problemen thuis.")
    counsellor.get_by_label("Aanwezigheid en leerplicht").check()
    counsellor.get_by_label("Thuissituatie").check()
    counsellor.get_by_label("Wat is er al geprobeerd").fill("Twee gesprekken, ouders gebeld.")
    counsellor.get_by_label("De student weet van deze verwijzing").check()
    counsellor.get_by_label("De student is het eens met deze verwijzing").check()
    counsellor.get_by_role("button", name="Verwijzing versturen").click()
    counsellor.wait_for_url(f"**/students/{student.pk}/")
    assert "triagelijst" in counsellor.locator("main").inner_text()
    referral = Referral.objects.get(student=student)

    # The LEC worker claims it from the triage queue (htmx swaps the row) and opens it.
    lec = page
    log_in(lec, world.lec_worker.email, PASSWORD)
    lec.get_by_role("link", name="LEC").first.click()
    row = lec.locator(f"#referral-{referral.pk}")
    row.get_by_role("button", name="Oppakken").click()
    row = lec.locator(f"#referral-{referral.pk}")
    row.get_by_text("Opgepakt door").wait_for()
    row.get_by_role("link", name="Open").click()
    lec.wait_for_url(f"**/lec/{referral.pk}/")

    # Accept, diagnose, plan, start, close.
    lec.get_by_role("button", name="Accepteren en de diagnose starten").click()
    lec.get_by_text("De casus is geaccepteerd").wait_for()
    finding = lec.locator("form[action$='/findings/']")
    lec.get_by_text("Bevinding toevoegen").click()
    finding.locator("select[name=domain]").select_option("home")
    finding.locator("select[name=severity]").select_option("moderate")
    finding.locator("textarea[name=description]").fill("Zorgt 's avonds voor broertjes.")
    finding.get_by_role("button", name="Bevinding opslaan").click()
    lec.get_by_text("De bevinding is vastgelegd").wait_for()
    lec.get_by_role("button", name="Diagnose klaar: recept maken").click()
    lec.get_by_text("De casus is naar de volgende fase gegaan").wait_for()

    action = lec.locator("form[action$='/actions/']")
    lec.locator("summary", has_text="Actie toevoegen").click()
    action.locator("textarea[name=description]").fill("Milan maakt zelf een weekplanning.")
    action.locator("select[name=owner]").select_option("student")
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    action.locator("input[name=due_date]").fill(due)
    action.get_by_role("button", name="Actie toevoegen").click()
    lec.get_by_text("De actie is aan het recept toegevoegd").wait_for()
    evaluation = (timezone.localdate() + datetime.timedelta(days=42)).isoformat()
    lec.locator("form[action$='/advance/'] input[name=evaluation_date]").fill(evaluation)
    lec.get_by_role("button", name="Recept starten").click()
    lec.get_by_text("De casus is naar de volgende fase gegaan").wait_for()

    close = lec.locator("form[action$='/close/']")
    close.locator("select[name=outcome]").select_option("back_in_programme")
    close.locator("textarea[name=feedback]").fill(FEEDBACK)
    # The student's open action: closing asks what becomes of it (issue 16).
    close.locator("select[name^=open_action_]").select_option("done")
    close.get_by_role("button", name="Afsluiten met terugkoppeling").click()
    lec.get_by_text("De casus is afgesloten").wait_for()
    assert lec.get_by_test_id("referral-status").first.inner_text() == "Afgesloten"

    # Back on the first line: the feedback is on the counsellor's home page and the
    # student's page, without anything from the case file.
    counsellor.goto("/")
    panel = counsellor.get_by_test_id("referral-panel")
    assert "Milan Bakker" in panel.inner_text()
    assert FEEDBACK[:40] in panel.inner_text()
    counsellor.goto(f"/students/{student.pk}/")
    timeline = counsellor.get_by_test_id("timeline").inner_text()
    assert FEEDBACK in timeline
    assert "Terug in de opleiding" in timeline  # the outcome, with the status and dates
    main = counsellor.locator("main").inner_text()
    assert "Zorgt 's avonds voor broertjes." not in main
    assert "weekplanning" not in main
