"""The student page: intake status, the merged timeline, and who sees session content."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from students.models import SessionKind
from tests.factories.students import FollowUpFactory, session_with

pytestmark = pytest.mark.usefixtures("english")


def page(client, student, **params):
    return client.get(f"/students/{student.pk}/", params)


@pytest.mark.parametrize("persona", ["counsellor", "colleague", "care_coordinator", "manager"])
def test_first_line_readers_see_session_content(login, world, persona):
    html = page(login(getattr(world, persona)), world.student).content.decode()
    assert world.session.summary in html
    assert 'data-testid="timeline-session"' in html


@pytest.mark.parametrize("persona", ["director", "lec_worker", "lec_lead", "admin"])
def test_register_roles_do_not_see_session_content(login, world, persona):
    response = page(login(getattr(world, persona)), world.student)
    assert response.status_code == 200
    html = response.content.decode()
    assert world.session.summary not in html and world.session.agreements not in html
    assert world.follow_up.description not in html
    assert 'data-testid="timeline-session"' not in html
    assert not response.context["first_line"]


def test_timeline_is_newest_first_and_merges_other_apps(login, world, stand_in_provider):
    services_done = FollowUpFactory(session=world.session, student=world.student,
                                    owner=world.counsellor, description="Afgerond punt")
    services_done.status, services_done.done_at = "done", timezone.now()
    services_done.save()
    response = page(login(world.counsellor), world.student)
    entries = list(response.context["timeline"].object_list)
    whens = [e.when for e in entries]
    assert whens == sorted(whens, reverse=True)
    kinds = {e.kind for e in entries}
    assert {"session", "follow_up", "counsellor", "referral"} <= kinds
    html = response.content.decode()
    assert "Doorverwijzing LEC: in behandeling" in html
    assert f"voor {world.counsellor.email}" in html  # the provider is asked for this user


def test_external_entries_reach_register_roles_too(login, world, stand_in_provider):
    html = page(login(world.director), world.student).content.decode()
    assert "Doorverwijzing LEC: in behandeling" in html


def test_timeline_is_paginated_with_bounded_queries(login, world):
    client = login(world.counsellor)
    client.get("/")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = page(client, world.student)
        return len(ctx.captured_queries), response

    few, _ = queries()
    for days in range(1, 31):
        session = session_with(world.student, counsellor=world.counsellor,
                               held_at=timezone.now() - datetime.timedelta(days=days))
        FollowUpFactory(session=session, student=world.student, owner=world.counsellor)
    many, response = queries()
    assert many == few
    assert response.context["timeline"].paginator.num_pages == 2
    second = page(client, world.student, page=2, ).context["timeline"]
    assert second.number == 2
    htmx = client.get(f"/students/{world.student.pk}/", {"page": 2}, HTTP_HX_REQUEST="true")
    # Alone for htmx: the second page's entries, no page around them.
    body = htmx.content.decode()
    assert body.startswith('<div id="timeline">') and "<html" not in body
    assert body.count('data-testid="timeline-session"') == len(second.object_list) - sum(
        e.kind != "session" for e in second.object_list)


def test_intake_status_on_the_record(login, world):
    client = login(world.counsellor)
    assert page(client, world.student).context["intake"]["state"] == "missing"
    held = timezone.make_aware(datetime.datetime.combine(
        world.student.start_date + datetime.timedelta(days=7), datetime.time(10)))
    session_with(world.student, counsellor=world.counsellor, held_at=held,
                 kind=SessionKind.INTAKE, intake_complete=True)
    intake = page(client, world.student).context["intake"]
    assert intake["state"] == "done" and intake["held_on"] == held.date()


def test_log_session_button_for_counsellors_and_change_counsellor_for_the_manager(login, world):
    html = page(login(world.counsellor), world.student).content.decode()
    assert 'data-testid="log-session"' in html and "/counsellor/" not in html
    html = page(login(world.manager), world.student).content.decode()
    assert 'data-testid="log-session"' not in html and f"/students/{world.student.pk}/counsellor/" in html


def test_timeline_pages_together_hold_every_entry_once_newest_first(login, world):
    """A page reads only the newest entries of each kind it needs; together the pages are
    the whole history, each entry once, newest first."""
    now = timezone.now()
    for days in range(1, 46):
        session = session_with(world.student, counsellor=world.counsellor,
                               held_at=now - datetime.timedelta(days=days, hours=days % 5))
        if days % 2:
            done = FollowUpFactory(session=session, student=world.student, owner=world.counsellor)
            done.status = "done"
            done.done_at = now - datetime.timedelta(days=days - 1, hours=days % 7)
            done.save()
    client = login(world.counsellor)

    def key(entry):
        c = entry.context
        item = c.get("session") or c.get("follow_up") or c.get("assignment") or c.get("referral")
        return entry.kind, getattr(item, "pk", None)

    first = page(client, world.student).context["timeline"]
    seen, whens = [], []
    for number in range(1, first.paginator.num_pages + 1):
        shown = page(client, world.student, page=number).context["timeline"]
        seen += [key(e) for e in shown.object_list]
        whens += [e.when for e in shown.object_list]
    assert len(seen) == len(set(seen)) == first.paginator.count
    assert whens == sorted(whens, reverse=True)
    sessions = world.student.attendances.count()
    done = world.student.follow_ups.filter(done_at__isnull=False).count()
    assert sum(1 for k, _ in seen if k == "session") == sessions >= 45
    assert sum(1 for k, _ in seen if k == "follow_up") == done >= 23


def test_a_student_with_nothing_on_the_timeline_yet(login, world):
    from tests.factories.students import StudentFactory

    student = StudentFactory(programme=world.programme, student_number="100777")
    response = page(login(world.counsellor), student)
    assert response.status_code == 200
    assert "Nothing on the timeline yet." in response.content.decode()


def test_intake_late_and_incomplete_and_its_session(login, world):
    """The intake comes from the page's one query of figures: the first intake (its day and
    session) and whether any intake was complete."""
    client = login(world.counsellor)
    start = world.student.start_date

    def at(days):
        return timezone.make_aware(datetime.datetime.combine(
            start + datetime.timedelta(days=days), datetime.time(10)))

    first = session_with(world.student, counsellor=world.counsellor, held_at=at(7),
                         kind=SessionKind.INTAKE, intake_complete=False)
    intake = page(client, world.student).context["intake"]
    assert (intake["state"], intake["held_on"], intake["session_id"]) == (
        "incomplete", at(7).date(), first.pk)
    session_with(world.student, counsellor=world.counsellor, held_at=at(14),
                 kind=SessionKind.INTAKE, intake_complete=True)
    intake = page(client, world.student).context["intake"]
    assert (intake["state"], intake["session_id"]) == ("done", first.pk)


def test_student_page_query_count_is_pinned(login, world, django_assert_num_queries):
    """A counsellor's student page: user, roles, the student with whether they read its
    first-line records, counsellor history, the figures (timeline size, intake, absence), the
    timeline's page (attendances, follow-ups, amendments), groups, the LEC's and the
    workplace's entries, buttons and panels, and the unread notifications."""
    client = login(world.counsellor)
    client.get("/")
    with django_assert_num_queries(16):
        response = page(client, world.student)
    assert response.context["intake"] is not None and response.context["absence"] is not None
