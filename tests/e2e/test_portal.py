"""The portal on a 375 px phone: a student signs in by the link in their e-mail and ticks off an
actiepunt; a parent of a 17-year-old sees the agreements shared with parents, and nothing once
the student has turned 18 without allowing it."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from tests.conftest import ensure_role_groups
from tests.e2e.conftest import log_in
from tests.factories.staff import PASSWORD
from tests.factories.students import (
    AssignmentFactory,
    FollowUpFactory,
    StudentFactory,
    guardian_account,
    session_with,
)


@pytest.fixture
def role_groups(transactional_db):
    ensure_role_groups()


def _fits(page):
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport + 1, f"page is {width}px wide in a {viewport}px window"


def test_a_student_signs_in_by_link_and_ticks_off_an_actiepunt(live_server, role_groups, world,
                                                               phone_page):
    page = phone_page
    actiepunt = FollowUpFactory(session=world.session, student=world.student,
                                owner=world.counsellor, student_owned=True,
                                description="Twee stageplekken uitzoeken")
    page.goto("/accounts/login/")
    page.click("[data-testid=portal-sign-in-link]")
    page.fill("input[name=email]", "sanne@student.west.test")
    page.get_by_role("button", name="Stuur me een link").click()
    page.wait_for_selector("[data-testid=sign-in-sent]")
    _fits(page)
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+(/portal/sign-in/\S+/)", mail.outbox[0].body).group(1)

    page.goto(link)
    page.click("[data-testid=use-link]")
    page.wait_for_url(re.compile(r"/portal/$"))
    assert page.get_by_role("heading", name="Hoi Sanne").is_visible()
    _fits(page)
    card = page.locator("[data-testid=actiepunt]", has_text="Twee stageplekken uitzoeken")
    card.locator("input[name=note]").fill("Twee mails gestuurd")
    card.get_by_role("button", name="Gedaan!").click()
    page.wait_for_selector("text=Goed gedaan!")
    _fits(page)
    actiepunt.refresh_from_db()
    assert actiepunt.status == "done" and actiepunt.closing_note == "Twee mails gestuurd"
    assert page.locator("[data-testid=actiepunt]", has_text="Twee stageplekken").count() == 0
    # The link worked once: opening it again offers a new one.
    page.goto(link)
    page.wait_for_selector("[data-testid=link-invalid]")


def test_a_parent_of_a_17_year_old_sees_shared_agreements_and_nothing_after_18(
        live_server, role_groups, world, phone_page):
    page = phone_page
    eighteenth = timezone.localdate() + datetime.timedelta(days=20)
    minor = StudentFactory(programme=world.programme, first_name="Milan", last_name="Bos",
                           date_of_birth=eighteenth.replace(year=eighteenth.year - 18))
    AssignmentFactory(student=minor, counsellor=world.counsellor)
    session_with(minor, counsellor=world.counsellor, summary="Intern: zorgen thuis",
                 shared_agreements="Milan vraagt een stageplek aan bij de kinderopvang.",
                 shared_with_guardians=True)
    session_with(minor, counsellor=world.counsellor,
                 shared_agreements="Alleen voor Milan.", shared_with_guardians=False)
    parent = guardian_account(minor, email="ouder.bos@example.test", first_name="Kees",
                              last_name="Bos")

    log_in(page, parent.email, PASSWORD)
    page.wait_for_url(re.compile(r"/portal/$"))
    page.click("[data-testid=portal-child]")
    page.wait_for_selector("[data-testid=guardian-agreement]")
    body = page.inner_text("main")
    assert "Milan vraagt een stageplek aan bij de kinderopvang." in body
    assert "Alleen voor Milan." not in body and "zorgen thuis" not in body
    assert world.counsellor.email in body
    _fits(page)
    child_url = page.url

    # A month later Milan is 18 and has allowed nothing: his parent sees nothing of him.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30), tick=True):
        page.context.clear_cookies()
        log_in(page, parent.email, PASSWORD)
        page.wait_for_url(re.compile(r"/portal/$"))
        assert page.locator("[data-testid=portal-child]").count() == 0
        assert "Milan" not in page.inner_text("main")
        response = page.goto(child_url)
        assert response.status == 404
        assert "kinderopvang" not in page.content()
