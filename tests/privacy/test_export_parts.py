"""F7 (issue 15): the subject-access export shows each part only to who may read it. The LEC
lead's export held the student's session summaries and handover notes, which the student page
hides from them; the admin's export (the subject-request path) holds the first-line records,
recorded as a privacy event."""

import json

import pytest

from lob.privacy.models import PrivacyEvent
from students.models import CounsellorAssignment, GuidanceSession

pytestmark = pytest.mark.django_db

SUMMARY = "Kanarie-sessie: zorgen over thuis en geld."
NOTE = "Kanarie-overdracht: let op verzuim."


@pytest.fixture
def student(world):
    GuidanceSession.objects.filter(pk=world.session.pk).update(summary=SUMMARY)
    CounsellorAssignment.objects.filter(student=world.student).update(handover_note=NOTE)
    return world.student


def _export(client, student, fmt="json"):
    return client.post(f"/privacy/students/{student.pk}/export/", {"format": fmt})


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_the_lec_lead_export_leaves_out_what_the_student_page_hides(world, login, student, fmt):
    response = _export(login(world.lec_lead), student, fmt)
    assert response.status_code == 200
    body = response.content.decode()
    assert SUMMARY not in body and NOTE not in body
    if fmt == "json":
        records = json.loads(body)["records"]
        assert records["students.guidancesession"]["rows"] == []
        assert records["students.guidancesession"]["withheld"] >= 1
        assert records["students.followup"]["rows"] == []
        # The counsellor history, as on the student page, without the handover note.
        history = records["students.counsellorassignment"]["rows"]
        assert history and all("handover_note" not in row for row in history)
        # The case file the lead may read is still there.
        assert records["lec.finding"]["rows"]


def test_the_admin_answering_a_request_exports_everything_logged(world, login, student):
    body = _export(login(world.admin), student).content.decode()
    records = json.loads(body)["records"]
    assert SUMMARY in {row["summary"] for row in records["students.guidancesession"]["rows"]}
    assert NOTE in {row["handover_note"] for row in records["students.counsellorassignment"]["rows"]}
    assert PrivacyEvent.objects.filter(user=world.admin, student=student).count() == 1
