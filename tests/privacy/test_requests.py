"""Requests for erasure and correction: recorded, carried out or refused; bad input changes
nothing and says why at the field."""

import datetime

import pytest
from django.utils import timezone

from lob.privacy.models import PrivacyEvent, PrivacyRequest
from students.models import Student

pytestmark = pytest.mark.django_db


def _record(client, student, **data):
    payload = {"kind": "correction", "ground": "inaccurate",
               "received_on": timezone.localdate().isoformat(), "note": ""}
    payload.update(data)
    return client.post(f"/privacy/students/{student.pk}/requests/", payload)


def test_admin_records_a_request(world, login):
    response = _record(login(world.admin), world.team_student, note="Per brief")
    request = PrivacyRequest.objects.get(student=world.team_student, kind="correction")
    assert response["Location"] == f"/privacy/requests/{request.pk}/"
    assert request.recorded_by == world.admin and request.note == "Per brief"


@pytest.mark.parametrize("data,field", [
    ({"kind": "forget"}, "kind"),
    ({"ground": ""}, "ground"),
    ({"received_on": "morgen"}, "received_on"),
    ({"received_on": (datetime.date.today() + datetime.timedelta(days=30)).isoformat()},
     "received_on"),
    ({"kind": "erasure"}, "kind"),  # the world already has an open erasure request for her
])
def test_bad_requests_are_refused_at_the_field(world, login, data, field):
    before = PrivacyRequest.objects.count()
    response = _record(login(world.admin), world.team_student, **data)
    assert response.status_code == 400
    assert response.context["request_form"].errors[field]
    assert PrivacyRequest.objects.count() == before


def _correct(client, request, **data):
    payload = {"version": request.version, "first_name": "Sanne", "last_name": "de Vries",
               "date_of_birth": "2007-05-17", "decision_note": ""}
    payload.update(data)
    return client.post(f"/privacy/requests/{request.pk}/correct/", payload)


def test_a_correction_changes_the_register_and_records_which_fields(world, login):
    request = world.correction_request
    response = _correct(login(world.admin), request, last_name="de Vries-Jansen")
    assert response.status_code == 302
    assert Student.objects.get(pk=world.student.pk).last_name == "de Vries-Jansen"
    request.refresh_from_db()
    assert request.status == "done" and request.outcome == {"fields": ["last_name"]}
    event = PrivacyEvent.objects.get(action="correction")
    assert event.detail == {"fields": ["last_name"]}
    assert "de Vries" not in str(event.detail)


@pytest.mark.parametrize("data,field", [
    ({"first_name": ""}, "first_name"),
    ({"last_name": "  "}, "last_name"),
    ({"date_of_birth": "2099-01-01"}, "date_of_birth"),
    ({"date_of_birth": "1890-01-01"}, "date_of_birth"),
    ({"date_of_birth": "17-05-2007x"}, "date_of_birth"),
])
def test_bad_corrections_change_nothing(world, login, data, field):
    response = _correct(login(world.admin), world.correction_request, **{"last_name": "Anders", **data})
    assert response.status_code == 400
    assert response.context["correction_form"].errors[field]
    assert Student.objects.get(pk=world.student.pk).last_name == "de Vries"
    assert PrivacyRequest.objects.get(pk=world.correction_request.pk).status == "open"


def test_a_correction_that_changes_nothing_is_refused(world, login):
    response = _correct(login(world.admin), world.correction_request)
    assert response.status_code == 400
    assert response.context["correction_form"].non_field_errors()


def test_a_stale_correction_form_changes_nothing(world, login):
    request = world.correction_request
    response = _correct(login(world.admin), request, version=request.version + 1,
                        last_name="Anders")
    assert response.status_code == 400
    assert Student.objects.get(pk=world.student.pk).last_name == "de Vries"


def test_refusal_needs_a_reason_and_is_recorded(world, login):
    client = login(world.admin)
    request = world.erasure_request
    bad = client.post(f"/privacy/requests/{request.pk}/refuse/",
                      {"version": request.version, "decision_note": " "})
    assert bad.status_code == 400 and bad.context["refuse_form"].errors["decision_note"]
    ok = client.post(f"/privacy/requests/{request.pk}/refuse/",
                     {"version": request.version, "decision_note": "Wettelijke bewaarplicht"})
    assert ok.status_code == 302
    request.refresh_from_db()
    assert request.status == "refused" and request.decided_by == world.admin


def test_privacy_officer_reads_requests_but_cannot_act(world, login):
    client = login(world.privacy_officer)
    listing = client.get("/privacy/requests/")
    assert listing.status_code == 200
    assert {r.pk for r in listing.context["page"]} == {world.erasure_request.pk,
                                                      world.correction_request.pk}
    detail = client.get(f"/privacy/requests/{world.erasure_request.pk}/")
    assert detail.status_code == 200 and not detail.context["can_act"]
    erase = client.post(f"/privacy/requests/{world.erasure_request.pk}/erase/",
                        {"version": 1, "confirm": "100002"})
    assert erase.status_code == 403
    assert Student.objects.filter(pk=world.team_student.pk).exists()


@pytest.mark.parametrize("rows", [1, 30])
def test_request_list_query_count_is_pinned(world, login, django_assert_num_queries, rows):
    from lob.privacy.services import privacy_request_record
    from tests.factories.students import StudentFactory

    for _ in range(rows):
        privacy_request_record(student=StudentFactory(programme=world.programme), user=world.admin,
                               kind="erasure", ground="student_request",
                               received_on=timezone.localdate())
    client = login(world.admin)
    client.get("/privacy/requests/")
    # session, user, roles, count, unread-notification badge, page of requests, session save (3)
    with django_assert_num_queries(5) as queries:
        client.get("/privacy/requests/")
    assert any("privacy_privacyrequest" in q["sql"] for q in queries.captured_queries)
