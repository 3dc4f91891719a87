"""Issue 16 in a real browser: a refused step leaves the address on the case (a reload posts
nothing); closing asks what becomes of open actions and one goes to the first line, whose
counsellor finds it among their follow-ups and marks it done, which the LEC sees; the case
list says what its dates count; a counsellor consults the care coordinator and gets an
answer through a notification."""

import datetime

import pytest
from django.utils import timezone

from lec.models import Consultation, Owner, PlanAction, Status
from tests.e2e.conftest import log_in
from tests.factories.lec import FindingFactory, PlanActionFactory, ReferralFactory
from tests.factories.staff import PASSWORD
from tests.factories.students import AssignmentFactory, StudentFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_refused_step_stays_on_the_case_and_a_reload_posts_nothing(world, page):
    referral = ReferralFactory(student=StudentFactory(programme=world.programme),
                               referred_by=world.counsellor, status=Status.DIAGNOSIS,
                               assigned_to=world.lec_worker)
    log_in(page, world.lec_worker.email, PASSWORD)
    page.goto(f"/lec/{referral.pk}/")
    # No finding yet: the step to the plan is refused.
    page.get_by_role("button", name="Diagnose klaar: recept maken").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/lec/{referral.pk}/"), page.url
    assert "/advance/" not in page.url
    alert = page.locator(".alert-danger, .alert-error").first
    assert "bevinding" in alert.inner_text().lower()
    # A reload is a plain GET: no resubmit, the one-time message is gone, nothing moved.
    requests = []
    page.on("request", lambda r: requests.append(r.method))
    page.reload()
    assert requests and set(requests) <= {"GET"}
    assert page.locator(".alert-danger, .alert-error").count() == 0
    referral.refresh_from_db()
    assert referral.status == Status.DIAGNOSIS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_open_action_goes_to_the_first_line_and_comes_back_done(world, browser,
                                                                    live_server, page):
    student = StudentFactory(programme=world.programme, first_name="Noa", last_name="Smit")
    AssignmentFactory(student=student, counsellor=world.counsellor)
    case = ReferralFactory(student=student, referred_by=world.counsellor,
                           status=Status.IN_PROGRESS, assigned_to=world.lec_worker,
                           decided_at=timezone.now() - datetime.timedelta(days=40))
    FindingFactory(referral=case, created_by=world.lec_worker)
    PlanActionFactory(referral=case, description="Noa meldt zich bij de jeugdarts.",
                      owner=Owner.STUDENT)
    PlanActionFactory(referral=case, description="Wekelijks even bij Noa navragen.",
                      owner=Owner.CASE_WORKER)

    # The case list says what its dates count: the late mark names the day it counts from.
    lec = page
    log_in(lec, world.lec_worker.email, PASSWORD)
    lec.goto("/lec/cases/")
    header = lec.locator("thead").inner_text()
    assert "In deze status sinds" in header and "Laatste terugkoppeling" in header
    # The row is found by its link to the case: a name filter also matched a world student
    # whose generated surname happened to be "Smits".
    row = lec.get_by_test_id("case-row").filter(has=lec.locator(f'a[href="/lec/{case.pk}/"]'))
    assert "opgepakt op" in row.get_by_test_id("case-feedback").inner_text()

    # Closing asks about each open action.
    lec.goto(f"/lec/{case.pk}/")
    close = lec.locator("form[action$='/close/']")
    assert "2 acties" in close.get_by_test_id("close-open-actions").inner_text()
    close.locator("select[name=outcome]").select_option("back_in_programme")
    close.locator("textarea[name=feedback]").fill("Noa is weer elke dag op school.")
    selects = close.locator("select[name^=open_action_]")
    selects.nth(0).select_option("done")
    close.get_by_role("button", name="Afsluiten met terugkoppeling").click()
    # One left undecided: refused, at that field, with what was typed kept.
    lec.wait_for_url(f"**/lec/{case.pk}/")
    assert "geef aan wat ermee gebeurt" in lec.locator("form[action$='/close/']").inner_text()
    assert lec.locator("textarea[name=feedback]").input_value() == \
        "Noa is weer elke dag op school."
    close = lec.locator("form[action$='/close/']")
    close.locator("select[name^=open_action_]").nth(1).select_option("first_line")
    close.get_by_role("button", name="Afsluiten met terugkoppeling").click()
    lec.get_by_text("De casus is afgesloten").wait_for()

    # The counsellor finds the handed-over action among their follow-ups and marks it done.
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    counsellor = context.new_page()
    log_in(counsellor, world.counsellor.email, PASSWORD)
    counsellor.goto("/students/follow-ups/")
    item = counsellor.get_by_test_id("lec-action").filter(has_text="Wekelijks even bij Noa")
    assert "jeugdarts" not in counsellor.locator("main").inner_text()  # the student's own
    item.locator("input[name=note]").fill("Loopt goed.")
    item.get_by_test_id("lec-action-done").click()
    counsellor.wait_for_url("**/students/follow-ups/")
    assert "Wekelijks even bij Noa" not in counsellor.locator("main").inner_text()
    action = PlanAction.objects.get(referral=case, owner=Owner.COUNSELLOR)
    assert action.status == "done" and action.completed_by == world.counsellor
    context.close()

    lec.goto(f"/lec/{case.pk}/")
    done = lec.get_by_test_id("plan-actions").locator("li").filter(
        has_text="Wekelijks even bij Noa")
    assert world.counsellor.get_full_name() in done.get_by_test_id("action-completed").inner_text()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_counsellor_consults_the_care_coordinator(world, browser, live_server, page):
    student = StudentFactory(programme=world.programme, first_name="Lars", last_name="Visser")
    AssignmentFactory(student=student, counsellor=world.counsellor)
    counsellor = page
    log_in(counsellor, world.counsellor.email, PASSWORD)
    counsellor.goto(f"/students/{student.pk}/")
    counsellor.get_by_role("link", name="Overleggen met de zorgcoördinator").click()
    counsellor.get_by_label("Je vraag").fill("Lars is vaak stil en moe. Verwijzen?")
    counsellor.get_by_role("button", name="Vraag versturen").click()
    consultation = Consultation.objects.get(student=student)
    counsellor.wait_for_url(f"**/lec/consultations/{consultation.pk}/")

    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    coordinator = context.new_page()
    log_in(coordinator, world.care_coordinator.email, PASSWORD)
    coordinator.goto("/notifications/")
    coordinator.get_by_role("link", name="Lars Visser").first.click()
    coordinator.wait_for_url(f"**/lec/consultations/{consultation.pk}/")
    coordinator.get_by_label("Je antwoord").fill("Eerst een gesprek met thuis; daarna samen.")
    coordinator.get_by_role("button", name="Antwoord versturen").click()
    coordinator.get_by_test_id("consultation-answer").wait_for()
    context.close()

    counsellor.goto("/notifications/")
    counsellor.get_by_role("link", name="Lars Visser").first.click()
    assert "Eerst een gesprek met thuis" in counsellor.get_by_test_id(
        "consultation-answer").inner_text()
