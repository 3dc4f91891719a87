"""The portal shows the student's next appointments: on the student's own start page (with the
way to book), and on a parent's page of their child (when, with whom, where; not the topic)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lob.appointments.models import Status
from tests.factories.portal_parts import appointment, slot
from tests.factories.students import StudentFactory, guardian_account, student_account


@pytest.fixture
def minor(world):
    """A 16-year-old of the counsellor's team with a parent's account, and their appointments:
    one to come, one cancelled, one past, and another student's."""
    student = StudentFactory(programme=world.programme,
                             date_of_birth=timezone.localdate() - datetime.timedelta(days=16 * 365))
    coming = appointment(slot(world.counsellor, starts_in=datetime.timedelta(days=2),
                              place="Lokaal 2.14"), student, topic="Ruzie thuis")
    appointment(slot(world.counsellor, starts_in=datetime.timedelta(days=5)), student,
                status=Status.CANCELLED)
    appointment(slot(world.counsellor, starts_in=-datetime.timedelta(days=2)), student,
                status=Status.HELD)
    return {"student": student, "coming": coming,
            "parent": guardian_account(student, email="ouder.afspraak@example.test")}


def _panel(html: str) -> str:
    start = html.index('data-testid="portal-appointments"')
    return html[start:html.index("</section>", start)]


def test_a_parent_sees_the_coming_appointment_but_not_its_topic(minor, login):
    student, coming = minor["student"], minor["coming"]
    response = login(minor["parent"]).get(f"/portal/child/{student.pk}/")
    panel = _panel(response.content.decode())
    assert panel.count('data-testid="portal-appointment"') == 1
    assert coming.slot.counsellor.get_full_name() in panel
    assert "Lokaal 2.14" in panel
    assert timezone.localtime(coming.slot.starts_at).strftime("%H:%M") in panel
    # What the student wants to talk about is for the counsellor only.
    assert "Ruzie thuis" not in response.content.decode()
    # A parent cannot open the student's appointment pages: no links into them.
    assert "/appointments/" not in panel


def test_a_parent_without_appointments_to_come_is_told_so(minor, login):
    minor["coming"].delete()
    response = login(minor["parent"]).get(f"/portal/child/{minor['student'].pk}/")
    panel = _panel(response.content.decode())
    assert 'data-testid="portal-appointment"' not in panel
    assert "Er staan geen afspraken met de loopbaanbegeleider gepland." in panel


def test_the_student_sees_their_next_appointments_and_the_way_to_book(minor, login):
    account = student_account(minor["student"], email="leerling.afspraak@example.test")
    panel = _panel(login(account).get("/portal/").content.decode())
    assert panel.count('data-testid="portal-appointment"') == 1
    assert "Je volgende afspraken" in panel
    assert 'href="/appointments/"' in panel


def test_another_students_parent_sees_none_of_it(minor, world, login):
    other = StudentFactory(programme=world.programme,
                           date_of_birth=timezone.localdate() - datetime.timedelta(days=15 * 365))
    parent = guardian_account(other, email="andere.ouder@example.test")
    client = login(parent)
    assert client.get(f"/portal/child/{minor['student'].pk}/").status_code == 404
    html = client.get(f"/portal/child/{other.pk}/").content.decode()
    assert 'data-testid="portal-appointment"' not in _panel(html)


def test_the_panel_costs_one_query_however_many_appointments(minor, world, login):
    student = minor["student"]
    client = login(minor["parent"])
    client.get(f"/portal/child/{student.pk}/")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/portal/child/{student.pk}/").status_code == 200
        return len(captured.captured_queries)

    few = queries()
    for day in range(3, 12):
        appointment(slot(world.counsellor, starts_in=datetime.timedelta(days=day, hours=1)),
                    student)
    assert queries() == few
    panel = _panel(client.get(f"/portal/child/{student.pk}/").content.decode())
    assert panel.count('data-testid="portal-appointment"') == 5
