"""A counsellor's first-line journey in a real browser, at desktop width and at 375 px:
an individual session with two follow-ups, a group session for a LOB group of nine with one
student absent, then both on the timelines and on the caseload."""

import datetime

import pytest
from django.utils import timezone

from students.models import FollowUp, GroupKind, GuidanceSession
from tests.conftest import ensure_role_groups
from tests.e2e.conftest import log_in
from tests.factories.staff import PASSWORD
from tests.factories.students import AssignmentFactory, GroupFactory, StudentFactory


def _nine(world):
    group = GroupFactory(team=world.team, name="LOB PW 1C", kind=GroupKind.LOB_GROUP,
                         counsellor=world.counsellor)
    students = []
    for i in range(9):
        student = StudentFactory(programme=world.programme, first_name=f"Groep{i}",
                                 last_name=f"Lid{i}", student_number=f"3000{i:02d}")
        AssignmentFactory(student=student, counsellor=world.counsellor)
        students.append(student)
    group.students.add(*students)
    return group, students


@pytest.fixture
def role_groups(transactional_db):
    """Browser tests flush the database between tests, and the roles' groups with it (they come
    from a data migration): put them back before the world is built."""
    ensure_role_groups()


def _nav(page, name):
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    page.get_by_role("link", name=name, exact=True).click()


def _fits(page):
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport + 1, f"page is {width}px wide in a {viewport}px window"


@pytest.mark.parametrize("screen", ["page", "phone_page"])
def test_counsellor_logs_individual_and_group_sessions_and_sees_them_everywhere(
    request, live_server, role_groups, world, screen
):
    # `live_server` is named here (not only through the screen fixture) so that pytest-django
    # gives this test a transactional database the server thread can see.
    group, members = _nine(world)
    page = request.getfixturevalue(screen)
    absent = members[4]
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()

    log_in(page, world.counsellor.email, PASSWORD)
    _nav(page, "Mijn studenten")
    row = page.get_by_test_id("caseload-row").filter(has_text="de Vries, Sanne")
    row.get_by_role("link", name="Gesprek vastleggen").click()
    page.wait_for_url("**/students/sessions/new/**")
    _fits(page)

    # --- individual session with two follow-ups --------------------------------------------
    page.select_option("select[name=kind]", label="Loopbaangesprek")
    page.fill("input[name=duration_minutes]", "35")
    page.select_option("select[name=location]", label="Open ruimte")
    assert page.locator("[data-privacy]").is_visible()  # the form says so plainly
    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("Motievenreflectie").check()
    page.get_by_label("Werkexploratie").check()
    page.fill("textarea[name=summary]", "Sanne twijfelt tussen kinderopvang en ouderenzorg.")
    page.fill("textarea[name=agreements]", "Meeloopdag bij een kinderdagverblijf.")
    page.fill("input[name=fu-0-description]", "Meeloopdag regelen")
    page.fill("input[name=fu-0-due_date]", due)
    page.get_by_role("button", name="Actiepunt toevoegen").click()
    page.fill("input[name=fu-1-description]", "Gesprek met praktijkopleider")
    page.select_option("select[name=fu-1-owner]", str(world.colleague.pk))
    page.fill("input[name=fu-1-due_date]", due)
    page.get_by_role("button", name="Gesprek opslaan").click()
    page.wait_for_url(f"**/students/{world.student.pk}/")

    timeline = page.get_by_test_id("timeline")
    assert "Sanne twijfelt tussen kinderopvang en ouderenzorg." in timeline.inner_text()
    assert "Meeloopdag regelen" in timeline.inner_text()
    assert "Gesprek met praktijkopleider" in timeline.inner_text()
    _fits(page)

    # --- group session for the LOB group of nine, one absent --------------------------------
    _nav(page, "Groepen")
    page.get_by_test_id("group-row").filter(has_text="LOB PW 1C").get_by_role(
        "link", name="Groepsbijeenkomst vastleggen").click()
    page.wait_for_url(f"**/students/groups/{group.pk}/sessions/new/")
    _fits(page)
    assert page.locator("input[name=present]:checked").count() == 9
    page.get_by_label(absent.full_name, exact=True).uncheck()
    page.get_by_label("Netwerken").check()
    page.fill("textarea[name=summary]", "LOB-les over je netwerk in de kinderopvang.")
    page.get_by_role("button", name="Gesprek opslaan").click()
    page.wait_for_url("**/students/sessions/*/")
    attendance = page.get_by_test_id("attendance").inner_text()
    assert attendance.count("aanwezig") == 8 and attendance.count("afwezig") == 1

    # Both timelines: the absent student is listed as absent, without the lesson's content.
    page.goto(f"/students/{absent.pk}/")
    entry = page.get_by_test_id("timeline-session").first
    assert entry.get_by_test_id("absent").is_visible()
    assert "netwerk in de kinderopvang" not in entry.inner_text()
    page.goto(f"/students/{members[0].pk}/")
    assert "LOB-les over je netwerk in de kinderopvang." in (
        page.get_by_test_id("timeline").inner_text())

    # --- the caseload shows both ------------------------------------------------------------
    _nav(page, "Mijn studenten")
    page.wait_for_url("**/students/caseload/")
    _fits(page)
    today = timezone.localdate()
    sanne = page.get_by_test_id("caseload-row").filter(has_text="de Vries, Sanne")
    assert "3 open" in sanne.inner_text()  # the two new follow-ups and the world's own
    # Rows are found by their link to the student: generated surnames can contain one another.
    present = page.get_by_test_id("caseload-row").filter(
        has=page.locator(f'a[href="/students/{members[0].pk}/"]'))
    assert str(today.day) in present.get_by_test_id("last-session").inner_text()
    missing = page.get_by_test_id("caseload-row").filter(
        has=page.locator(f'a[href="/students/{absent.pk}/"]'))
    assert missing.get_by_test_id("last-session").inner_text().strip() == "—"

    # What was stored.
    page.wait_for_load_state("networkidle")
    session = GuidanceSession.objects.get(summary__startswith="Sanne twijfelt")
    assert session.could_speak_freely is True and session.duration_minutes == 35
    assert set(FollowUp.objects.filter(session=session).values_list("owner_id", flat=True)) == {
        world.counsellor.pk, world.colleague.pk}
    group_session = GuidanceSession.objects.get(group=group)
    assert group_session.attendances.filter(present=False).get().student == absent
