"""What other apps add to the portal (appointments, the career dossier) comes in through
common.registry: each receiver hears who the page is for and returns only what that audience
may see."""

import datetime

import pytest

from common import registry
from common.home import Panel
from tests.factories.students import StudentFactory, guardian_account


@pytest.fixture
def world(world_once_per_module):
    return world_once_per_module


@pytest.fixture
def appointments_panel():
    heard = []

    def provider(request, student, audience, **_signal):
        heard.append((student.pk, audience))
        return [Panel("Afspraken", "portal/_panel.html",
                      {"items": [f"Afspraak voor {audience}"]})]

    registry.portal_panels.connect(lambda sender, **kw: provider(**kw), weak=False,
                                   dispatch_uid="test-appointments")
    yield heard
    registry.portal_panels.disconnect(dispatch_uid="test-appointments")


def test_a_contributed_panel_shows_on_the_students_and_the_guardians_page(world, login,
                                                                          appointments_panel):
    html = login(world.student_account).get("/portal/").content.decode()
    assert "Afspraak voor student" in html
    minor = StudentFactory(programme=world.programme, date_of_birth=datetime.date(2010, 1, 1))
    parent = guardian_account(minor, email="ouder.hook@example.test")
    html = login(parent).get(f"/portal/child/{minor.pk}/").content.decode()
    assert "Afspraak voor guardian" in html
    assert appointments_panel == [(world.student.pk, "student"), (minor.pk, "guardian")]


def test_a_contributed_part_of_the_download(world, login):
    registry.portal_data.connect(lambda sender, student, **kw: [("dossier", {"n": student.pk})],
                                 weak=False, dispatch_uid="test-dossier")
    try:
        data = login(world.student_account).get("/portal/my-data/").json()
    finally:
        registry.portal_data.disconnect(dispatch_uid="test-dossier")
    assert data["dossier"] == {"n": world.student.pk}
