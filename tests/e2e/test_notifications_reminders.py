"""A counsellor on a phone sees the unread badge, opens the list and marks a reminder read."""

from playwright.sync_api import expect

from lob.notifications.models import Kind, Notification
from tests.e2e.conftest import log_in
from tests.factories.notifications import NotificationFactory
from tests.factories.staff import PASSWORD


def test_counsellor_reads_reminders_on_a_phone(phone_page, world):
    page = phone_page
    NotificationFactory(recipient=world.counsellor, kind=Kind.STUDENT_NOT_SEEN,
                        object_id=world.team_student.pk, target_id=world.team_student.pk,
                        subject="Jan Jansen", period="2026-W48")
    log_in(page, world.counsellor.email, PASSWORD)
    # The badge sits outside the collapsed menu: visible on a 375 px screen.
    badge = page.get_by_test_id("unread-count")
    assert badge.is_visible()
    assert badge.inner_text().startswith("2")

    page.get_by_test_id("notifications-link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Meldingen"
    items = page.get_by_test_id("notification")
    expect(items).to_have_count(2)
    assert "Student al weken niet gezien" in page.get_by_test_id("notification-list").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # htmx marks it read in place and updates the badge without a page load.
    item = page.locator(f"#notification-{world.notification.pk}")
    item.get_by_role("button", name="Markeer als gelezen").click()
    page.locator(f"#notification-{world.notification.pk} >> text=Markeer als gelezen").wait_for(
        state="detached")
    assert page.get_by_test_id("unread-count").inner_text().startswith("1")
    assert Notification.objects.get(pk=world.notification.pk).read_at is not None

    page.get_by_role("button", name="Alles als gelezen markeren").click()
    page.get_by_text("Alle meldingen zijn als gelezen gemarkeerd.").wait_for()
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    assert not Notification.objects.filter(recipient=world.counsellor, read_at__isnull=True).exists()

    # The link of a reminder opens the student it is about.
    page.get_by_role("link", name="Sanne de Vries").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sanne de Vries"
