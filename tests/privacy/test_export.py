"""Subject access export: JSON and readable, every record kind, LEC content only for who may
read the case, every export recorded."""

import json

import pytest

from lec.models import AccessLog
from lob.privacy import graph
from lob.privacy.models import PrivacyEvent
from tests.lec.world import CANARY

pytestmark = pytest.mark.django_db


def _export(client, student, fmt="json"):
    return client.post(f"/privacy/students/{student.pk}/export/", {"format": fmt})


def test_json_export_has_a_section_for_every_model_that_refers_to_a_student(world, login):
    response = _export(login(world.admin), world.student)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    expected = {sm.label for sm in graph.subject_models() if not sm.model._meta.auto_created}
    expected |= {name for _m, name in graph.soft_models()}
    assert set(data["records"]) == expected
    assert data["student"]["student_number"] == "100001"
    assert data["student"]["last_name"] == "de Vries"
    assert "LOB VIG 1A" in data["student"]["groups"]


def test_export_holds_the_students_first_line_records(world, login):
    data = json.loads(_export(login(world.admin), world.student).content)
    follow_ups = data["records"]["students.followup"]["rows"]
    assert world.follow_up.pk in {row["id"] for row in follow_ups}
    sessions = data["records"]["students.guidancesession"]["rows"]
    assert world.session.pk in {row["id"] for row in sessions}
    # Another student's records are not in it.
    other = json.loads(_export(login(world.admin), world.team_student).content)
    assert world.follow_up.pk not in {r["id"] for r in other["records"]["students.followup"]["rows"]}


def test_admin_export_withholds_lec_case_content_but_shows_status_and_feedback(world, login):
    response = _export(login(world.admin), world.student)
    body = response.content.decode()
    assert CANARY not in body
    data = json.loads(body)
    assert data["records"]["lec.finding"]["withheld"] == 1
    assert data["records"]["lec.finding"]["rows"] == []
    referral = data["records"]["lec.referral"]["rows"][0]
    assert referral["status"] == "plan" and "reason" not in referral
    assert data["records"]["lec.feedback"]["rows"]
    # No LEC content was read: no access-log row, and the event says so.
    assert not AccessLog.objects.filter(user=world.admin).exists()
    event = PrivacyEvent.objects.get()
    assert event.user == world.admin and not event.lec_content
    assert event.action == "export_json"


def test_lec_lead_export_includes_the_case_file_and_is_logged_as_a_case_read(world, login):
    before = AccessLog.objects.filter(user=world.lec_lead).count()
    body = _export(login(world.lec_lead), world.student).content.decode()
    assert CANARY in body
    data = json.loads(body)
    assert data["records"]["lec.finding"]["withheld"] == 0
    assert len(data["records"]["lec.finding"]["rows"]) == 1
    assert AccessLog.objects.filter(user=world.lec_lead).count() == before + 1
    log = AccessLog.objects.filter(user=world.lec_lead).latest("at")
    assert log.referral == world.referral and log.action == "view_case"
    assert PrivacyEvent.objects.get().lec_content


def test_readable_export_lists_every_section_with_its_rows(world, login):
    response = _export(login(world.admin), world.student, "html")
    assert response.status_code == 200
    content = response.content.decode()
    for sm in graph.subject_models():
        if not sm.model._meta.auto_created:
            assert f'data-testid="section-{sm.label}"' in content
    assert "Sanne" in content
    assert CANARY not in content
    assert PrivacyEvent.objects.get().action == "export_html"


@pytest.mark.parametrize("fmt", ["pdf", "", "xml"])
def test_unknown_format_exports_nothing(world, login, fmt):
    response = _export(login(world.admin), world.student, fmt)
    assert response.status_code == 302
    assert not PrivacyEvent.objects.exists()


def test_other_roles_and_colleges_cannot_export(world, login):
    assert _export(login(world.counsellor), world.student).status_code == 403
    assert _export(login(world.admin), world.foreign_student).status_code == 404
    assert not PrivacyEvent.objects.exists()


@pytest.mark.parametrize("extra", [0, 30])
def test_export_query_count_does_not_depend_on_the_number_of_records(world, login,
                                                                     django_assert_num_queries,
                                                                     extra):
    from tests.factories.students import FollowUpFactory

    for _ in range(extra):
        FollowUpFactory(session=world.session, student=world.student, owner=world.counsellor)
    client = login(world.admin)
    _export(client, world.student)
    # A fixed number per kind of record (one read per model of the graph, the ids for the
    # reminders), plus the request and the audit-trail writes: it grows with
    # the number of models, never with the number of rows.
    with django_assert_num_queries(90):  # one read per kind of record (issues 16–19 added kinds)
        _export(client, world.student)
