"""Issue 15 (smaller): an admin alone could erase a student whose LEC case is still open. Such
an erasure now needs the LEC lead's confirmation first, recorded; the one who confirms is not
the one who erases."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lec.models import Referral, Status
from lob.privacy import services
from lob.privacy.models import PrivacyEvent, PrivacyRequest
from students.models import Student

pytestmark = pytest.mark.django_db


def _erase(client, request):
    request.refresh_from_db()
    return client.post(f"/privacy/requests/{request.pk}/erase/",
                       {"version": request.version, "confirm": "100002"})


def test_the_admin_alone_cannot_erase_a_student_with_an_open_lec_case(world, login):
    request = world.erasure_request  # team_student: a referral waiting in the LEC's queue
    assert Referral.objects.filter(student=world.team_student, status=Status.SUBMITTED).exists()
    client = login(world.admin)
    page = client.get(f"/privacy/requests/{request.pk}/")
    assert 'data-testid="waits-for-lec"' in page.content.decode()
    response = _erase(client, request)
    assert response.status_code == 400
    assert Student.objects.filter(pk=world.team_student.pk).exists()
    assert PrivacyRequest.objects.get(pk=request.pk).status == "open"


def test_after_the_lec_leads_confirmation_the_admin_erases(world, login):
    request = world.erasure_request
    lead = login(world.lec_lead)
    page = lead.get(f"/privacy/students/{world.team_student.pk}/")
    assert 'data-testid="erasure-awaiting-lec"' in page.content.decode()
    assert 'data-testid="erasures-panel"' in lead.get("/").content.decode()
    response = lead.post(f"/privacy/requests/{request.pk}/lec-confirm/",
                         {"version": request.version})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.lec_confirmed_by == world.lec_lead and request.lec_confirmed_at
    assert PrivacyEvent.objects.filter(action="erasure_lec_ok", user=world.lec_lead).count() == 1
    assert _erase(login(world.admin), request).status_code == 302
    assert not Student.objects.filter(pk=world.team_student.pk).exists()


def test_only_the_lec_lead_of_the_college_confirms(world):
    request = world.erasure_request
    for user in (world.admin, world.lec_worker, world.privacy_officer, world.foreign_lec_lead):
        with pytest.raises(PermissionDenied):
            services.erasure_lec_confirm(request_id=request.pk, user=user,
                                         expected_version=request.version)
        request.refresh_from_db()
        assert request.lec_confirmed_at is None


def test_the_one_who_confirms_does_not_erase(world):
    request = world.erasure_request
    world.lec_lead.groups.add(*world.admin.groups.all())  # one person with both roles
    request = services.erasure_lec_confirm(request_id=request.pk, user=world.lec_lead,
                                           expected_version=request.version)
    with pytest.raises(ValidationError):
        services.erasure_carry_out(request_id=request.pk, user=world.lec_lead,
                                   confirm_number="100002", expected_version=request.version)
    assert Student.objects.filter(pk=world.team_student.pk).exists()


def test_a_student_without_an_open_case_needs_no_confirmation(world, login):
    Referral.objects.filter(student=world.team_student).delete()
    assert _erase(login(world.admin), world.erasure_request).status_code == 302
    assert not Student.objects.filter(pk=world.team_student.pk).exists()
