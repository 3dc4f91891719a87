"""Browser journey: the manager opens a cycle, the employee self-assesses and invites three
colleagues, they answer anonymously, the manager sees the aggregate and records the appraisal."""

import re

import pytest
from playwright.sync_api import expect

from staff.models import FeedbackResponse, ReviewCycle
from staff.selectors import cycle_competencies
from tests.conftest import ensure_role_groups
from tests.e2e.conftest import log_in
from tests.factories.staff import PASSWORD, UserFactory, member


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    """live_server tests flush the database after each test, including the role groups that a
    migration creates; put them back before the world is built."""
    ensure_role_groups()


@pytest.fixture
def people(browser, live_server):
    """Open a fresh browser (own cookies) per person."""
    contexts = []

    def _as(user, **kwargs):
        context = browser.new_context(base_url=live_server.url, locale="nl-NL", **kwargs)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, user.email, PASSWORD)
        return page

    yield _as
    for context in contexts:
        context.close()


def _fill_scores(page, cycle, score, text_prefix):
    for competency in cycle_competencies(cycle):
        page.select_option(f"select[name=score_{competency.pk}]", str(score))
        page.fill(f"textarea[name=text_{competency.pk}]", f"{text_prefix} {competency.name}")


def test_a_review_cycle_from_opening_to_appraisal(people, world):
    employee = world.colleague
    # Raters with surnames no other name on the pages contains (generated ones can: "Smit" is
    # in "Smits"), so that the anonymity check below cannot fail on someone else's name; the
    # world's people have such names already (tests/conftest.py).
    raters = [world.counsellor, world.care_coordinator,
              member(UserFactory(college=world.college, email="derde@west.test",
                                 last_name="Derdenbeek"), world.team)]

    # The manager opens the cycle from the team overview.
    manager = people(world.manager)
    manager.goto("/staff/team/")
    manager.get_by_test_id(f"member-{employee.pk}").get_by_role("link", name="Cyclus openen").click()
    manager.select_option("select[name=role_profile]", "first_line")
    manager.get_by_role("button", name="Cyclus openen").click()
    manager.wait_for_url(re.compile(r"/staff/cycles/\d+/$"))
    expect(manager.locator("body")).to_contain_text("De gesprekscyclus is geopend.")
    cycle = ReviewCycle.objects.get(employee=employee)

    # The employee fills in the self-assessment and invites three colleagues.
    me = people(employee)
    me.goto(f"/staff/cycles/{cycle.pk}/")
    me.get_by_role("link", name="Zelfassessment invullen").click()
    _fill_scores(me, cycle, 4, "Voorbeeld bij")
    me.get_by_role("button", name="Zelfassessment opslaan").click()
    expect(me.locator("body")).to_contain_text("Je zelfassessment is opgeslagen.")
    me.get_by_role("link", name="Collega’s uitnodigen").click()
    # Several at once, from the list grouped by team (issue 16).
    for team in me.get_by_test_id("rater-team").all():
        if team.get_attribute("open") is None:
            team.locator("summary").click()
    for rater in raters:
        me.check(f"#rater-{rater.pk}")
    me.get_by_role("button", name="Gekozen collega’s uitnodigen").click()
    expect(me.locator("body")).to_contain_text(
        "3 collega’s zijn uitgenodigd om 360 graden feedback te geven")
    expect(me.get_by_test_id("invited").locator("li")).to_have_count(3)

    # Each rater answers from their inbox.
    for i, rater in enumerate(raters):
        page = people(rater)
        page.goto("/staff/feedback/")
        page.get_by_role("link", name="Feedback geven").click()
        _fill_scores(page, cycle, 3 + i % 2 * 2, f"Feedback {i} over")
        page.get_by_role("button", name="Feedback versturen").click()
        expect(page.locator("body")).to_contain_text("je feedback is anoniem opgeslagen")
    assert FeedbackResponse.objects.filter(cycle=cycle).count() == 3

    # The manager records the first two meetings, shares an assessment, reads the aggregate.
    manager.goto(f"/staff/cycles/{cycle.pk}/")
    for _stage in ("pop", "functioning"):
        manager.get_by_role("link", name="Gesprek vastleggen").click()
        manager.fill("textarea[name=report]", "Goed gesprek, afspraken in het ontwikkelplan.")
        manager.get_by_role("button", name="Gesprek vastleggen").click()
        expect(manager.locator("body")).to_contain_text("Het gesprek is vastgelegd.")
    manager.get_by_role("link", name="Mijn beoordeling schrijven").click()
    assert manager.get_by_test_id("self-score").first.is_visible()
    _fill_scores(manager, cycle, 4, "Sterk in")
    manager.get_by_role("button", name="Opslaan en delen met de medewerker").click()
    manager.get_by_role("link", name="Resultaten bekijken").click()
    results = manager.get_by_test_id("feedback-results")
    assert "Collega’s in het team" in results.inner_text()
    assert "3.7" in results.inner_text() or "3,7" in results.inner_text()  # (3 + 5 + 3) / 3
    for rater in raters:
        assert rater.last_name not in manager.content()

    # The appraisal closes the cycle.
    manager.goto(f"/staff/cycles/{cycle.pk}/")
    manager.get_by_role("link", name="Gesprek vastleggen").click()
    assert manager.get_by_test_id("feedback-results").is_visible()
    manager.fill("textarea[name=report]", "Beoordeling besproken.")
    manager.select_option("select[name=rating]", "good")
    manager.get_by_role("button", name="Gesprek vastleggen").click()
    assert manager.get_by_test_id("cycle-stage").inner_text() == "Afgesloten"
    assert manager.get_by_test_id("appraisal-rating").inner_text() == "Goed"
    cycle.refresh_from_db()
    assert cycle.stage == "closed"


def test_the_cycle_page_fits_a_phone(people, world):
    phone = people(world.counsellor, viewport={"width": 375, "height": 812}, is_mobile=True,
                   has_touch=True)
    for path in (f"/staff/cycles/{world.cycle.pk}/",
                 f"/staff/cycles/{world.cycle.pk}/self-assessment/", "/staff/cycles/"):
        phone.goto(path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} is {width}px wide"
