"""The counsellor's side of the portal: the part of a session shared with the student (and its
agreements with parents) in the session forms, and actiepunten the student owns."""

import datetime

import pytest
from django.utils import timezone

from students.models import FollowUp, GuidanceSession, SessionRevision
from tests.students.test_session_views import NEW, post_data


@pytest.fixture
def world(world_once_per_module):
    return world_once_per_module


def test_the_counsellor_logs_the_shared_part_and_a_student_owned_actiepunt(world, login):
    client = login(world.counsellor)
    response = client.post(f"{NEW}?student={world.student.pk}", post_data(
        world, shared_summary="Fijn gesprek over je keuze.",
        shared_agreements="Je bezoekt de open dag.", shared_with_guardians="on",
        **{"fu-0-student_owned": "on"}))
    assert response.status_code == 302
    session = GuidanceSession.objects.latest("pk")
    assert session.shared_summary == "Fijn gesprek over je keuze."
    assert session.shared_agreements == "Je bezoekt de open dag."
    assert session.shared_with_guardians
    owned = {f.description: f.student_owned for f in session.follow_ups.all()}
    assert owned == {"Open dag inplannen": True, "Mentor BPV bellen": False}
    html = login(world.student_account).get("/portal/").content.decode()
    assert "Fijn gesprek over je keuze." in html and "Open dag inplannen" in html
    assert "Mentor BPV bellen" not in html
    assert "Wil na de BPV doorstromen" not in html  # the internal summary


def test_editing_the_shared_part_is_kept_as_a_revision(world, login):
    client = login(world.counsellor)
    page = client.get(f"/students/sessions/{world.session.pk}/edit/")
    assert page.context["form"]["shared_agreements"].value() == world.session.shared_agreements
    held = timezone.localtime(world.session.held_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/students/sessions/{world.session.pk}/edit/", {
        "kind": world.session.kind, "held_at": held, "duration_minutes": "30",
        "location": world.session.location, "summary": world.session.summary,
        "agreements": world.session.agreements, "shared_summary": world.session.shared_summary,
        "shared_agreements": "Nieuwe afspraak voor jou.", "version": world.session.version})
    assert response.status_code == 302
    session = GuidanceSession.objects.get(pk=world.session.pk)
    assert session.shared_agreements == "Nieuwe afspraak voor jou."
    assert not session.shared_with_guardians  # unticked
    changes = SessionRevision.objects.filter(session=session).latest("pk").changes
    assert {"shared_agreements", "shared_with_guardians"} <= set(changes)


def test_a_too_long_shared_summary_is_refused_at_the_field(world, login):
    before = GuidanceSession.objects.count()
    response = login(world.counsellor).post(f"{NEW}?student={world.student.pk}", post_data(
        world, shared_summary="x" * 5001))
    assert response.status_code == 200
    assert response.context["form"].errors["shared_summary"]
    assert GuidanceSession.objects.count() == before


def test_a_student_owned_actiepunt_added_on_the_session_page(world, login):
    due = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    login(world.counsellor).post(f"/students/sessions/{world.session.pk}/follow-ups/", {
        "description": "Cv bijwerken", "owner": world.counsellor.pk, "due_date": due,
        "student_owned": "on"})
    assert FollowUp.objects.get(description="Cv bijwerken").student_owned
