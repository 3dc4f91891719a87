"""Follow-ups in the browser: my list (overdue first), inline close and hand-over with htmx."""

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.html import escape

from students.models import FollowUpChange, FollowUpStatus
from tests.factories.students import FollowUpFactory

pytestmark = pytest.mark.usefixtures("english")

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_my_open_follow_ups_come_overdue_first(login, world):
    today = timezone.localdate()
    late = FollowUpFactory(session=world.session, student=world.student, owner=world.counsellor,
                           due_date=today - datetime.timedelta(days=3), description="Te laat")
    FollowUpFactory(session=world.session, student=world.student, owner=world.colleague,
                    description="Van een collega")
    response = login(world.counsellor).get("/students/follow-ups/")
    rows = list(response.context["page"].object_list)
    assert rows[0] == late
    assert world.follow_up in rows
    assert all(f.owner == world.counsellor for f in rows)
    html = response.content.decode()
    assert "Van een collega" not in html and "Te laat" in html


def test_close_with_htmx_returns_the_row(login, world):
    response = login(world.counsellor).post(
        f"/students/follow-ups/{world.follow_up.pk}/close/",
        {"status": "done", "note": "Geregeld"}, **HTMX)
    assert response.status_code == 200
    assert response.templates[0].name == "students/partials/follow_up_row.html"
    assert 'data-testid="follow-up-status"' in response.content.decode()
    world.follow_up.refresh_from_db()
    assert world.follow_up.status == FollowUpStatus.DONE


def test_close_without_javascript_redirects_back(login, world):
    response = login(world.counsellor).post(
        f"/students/follow-ups/{world.follow_up.pk}/close/",
        {"status": "done", "next": f"/students/sessions/{world.session.pk}/"})
    assert response["Location"] == f"/students/sessions/{world.session.pk}/"


def test_redirect_target_must_be_on_this_site(login, world):
    response = login(world.counsellor).post(
        f"/students/follow-ups/{world.follow_up.pk}/close/",
        {"status": "done", "next": "https://evil.example/"})
    assert response["Location"] == "/students/follow-ups/"


def test_cancel_without_a_note_is_refused_in_the_row(login, world):
    response = login(world.counsellor).post(
        f"/students/follow-ups/{world.follow_up.pk}/close/", {"status": "cancelled"}, **HTMX)
    assert "Say why it is cancelled." in response.content.decode()
    world.follow_up.refresh_from_db()
    assert world.follow_up.is_open


def test_closing_twice_tells_the_second_user(login, world, client):
    login(world.counsellor).post(f"/students/follow-ups/{world.follow_up.pk}/close/",
                                 {"status": "done"})
    response = login(world.manager).post(f"/students/follow-ups/{world.follow_up.pk}/close/",
                                         {"status": "cancelled", "note": "dubbel"}, **HTMX)
    assert "Someone else changed this in the meantime" in response.content.decode()
    assert FollowUpChange.objects.filter(follow_up=world.follow_up).count() == 1


def test_a_hand_over_from_an_older_page_is_refused_and_overwrites_nothing(login, world):
    """Two tabs show the follow-up at version 1; the first hands it over, the second is told."""
    url = f"/students/follow-ups/{world.follow_up.pk}/handover/"
    first = login(world.counsellor).post(url, {"owner": world.colleague.pk, "version": 1})
    assert first.status_code == 302
    second = login(world.manager).post(url, {"owner": world.care_coordinator.pk, "version": 1},
                                       **HTMX)
    html = second.content.decode()
    assert "Someone else changed this in the meantime" in html
    assert 'name="version" value="2"' in html  # the row as it stands now, ready for a retry
    world.follow_up.refresh_from_db()
    assert (world.follow_up.owner, world.follow_up.version) == (world.colleague, 2)
    assert FollowUpChange.objects.filter(follow_up=world.follow_up).count() == 1


def test_hand_over_to_a_colleague(login, world):
    response = login(world.counsellor).post(
        f"/students/follow-ups/{world.follow_up.pk}/handover/",
        {"owner": world.colleague.pk, "note": "Jij ziet haar maandag"})
    assert response.status_code == 302
    world.follow_up.refresh_from_db()
    assert world.follow_up.owner == world.colleague


def test_hand_over_to_someone_outside_the_team_is_refused(login, world):
    response = login(world.counsellor).post(
        f"/students/follow-ups/{world.follow_up.pk}/handover/", {"owner": world.hr.pk}, **HTMX)
    assert "The owner must be a staff member of the student&#x27;s team." in (
        response.content.decode())
    world.follow_up.refresh_from_db()
    assert world.follow_up.owner == world.counsellor


def test_follow_up_added_inline_on_the_session_page(login, world):
    due = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = login(world.counsellor).post(
        f"/students/sessions/{world.session.pk}/follow-ups/",
        {"description": "Rooster opvragen", "owner": world.counsellor.pk, "due_date": due},
        **HTMX)
    assert response.status_code == 200
    assert "Rooster opvragen" in response.content.decode()
    assert world.session.follow_ups.filter(description="Rooster opvragen").exists()


def test_follow_up_added_inline_refuses_an_early_due_date(login, world):
    due = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    response = login(world.counsellor).post(
        f"/students/sessions/{world.session.pk}/follow-ups/",
        {"description": "Te vroeg", "owner": world.counsellor.pk, "due_date": due}, **HTMX)
    assert "The due date cannot be before the session." in response.content.decode()
    assert not world.session.follow_ups.filter(description="Te vroeg").exists()


def test_follow_up_list_query_count_does_not_grow(login, world, django_assert_num_queries):
    client = login(world.counsellor)
    client.get("/students/follow-ups/")

    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/students/follow-ups/").status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for _ in range(20):
        FollowUpFactory(session=world.session, student=world.student, owner=world.counsellor)
    assert queries() == few


def test_session_page_shows_who_changed_a_follow_up_and_when(login, world):
    client = login(world.counsellor)
    client.post(f"/students/follow-ups/{world.follow_up.pk}/handover/",
                {"owner": world.colleague.pk, "note": "Overgenomen"})
    html = client.get(f"/students/sessions/{world.session.pk}/").content.decode()
    assert 'data-testid="follow-up-history"' in html
    assert "handed over" in html and "Overgenomen" in html
    assert escape(world.colleague.get_full_name()) in html


def _handover_choices(html: str, follow_up_pk: int) -> set[str]:
    menu = re.search(rf'<select[^>]*id="owner-{follow_up_pk}">(.*?)</select>', html, re.S)
    assert menu, f"no hand-over menu for follow-up {follow_up_pk}"
    return set(re.findall(r'<option value="(\d+)">', menu.group(1)))


def test_each_rows_hand_over_menu_offers_its_teams_staff_but_its_owner(login, world):
    # The menu is rendered once per team and owner and shared by the rows that have both.
    second = FollowUpFactory(session=world.session, student=world.student, owner=world.counsellor)
    theirs = FollowUpFactory(session=world.session, student=world.student, owner=world.colleague)
    html = login(world.counsellor).get("/students/follow-ups/").content.decode()
    mine = _handover_choices(html, world.follow_up.pk)
    assert str(world.colleague.pk) in mine
    assert str(world.counsellor.pk) not in mine and str(world.hr.pk) not in mine
    assert _handover_choices(html, second.pk) == mine
    # On the session page rows of different owners: each menu leaves out its own owner.
    page = login(world.counsellor).get(f"/students/sessions/{world.session.pk}/").content.decode()
    assert _handover_choices(page, world.follow_up.pk) == mine
    other = _handover_choices(page, theirs.pk)
    assert str(world.counsellor.pk) in other and str(world.colleague.pk) not in other
