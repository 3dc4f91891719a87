"""Issue 15, F2: roles that open care data are granted only with a second person's approval.

The admin requests (through the user admin), the LEC lead or the privacy officer of the same
college approves or rejects on /privacy/role-requests/ (never their own request, never a role
for themselves); every step is in the privacy audit trail and the grantee is told."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from lob.privacy.models import EventAction, PrivacyEvent
from staff.models import GrantStatus, RoleGrantRequest, User
from staff.roles import CARE_DATA_ROLES
from staff.services import role_grant, role_grant_decide, role_grant_request, user_create
from tests.factories.staff import UserFactory

pytestmark = pytest.mark.django_db

NO_INLINE_ROWS = {
    "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0,
    "memberships-MIN_NUM_FORMS": 0, "memberships-MAX_NUM_FORMS": 1000,
}


def _tick_roles(client, user, *roles):
    """Save the user admin's change form with exactly these roles ticked."""
    return client.post(f"/admin/staff/user/{user.pk}/change/", {
        "email": user.email, "first_name": user.first_name, "last_name": user.last_name,
        "college": user.college_id, "language": "nl", "is_active": "on", "is_staff": "on",
        "groups": list(Group.objects.filter(name__in=roles).values_list("pk", flat=True)),
        **NO_INLINE_ROWS,
    })


def _roles_of(user) -> set[str]:
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


def _role_events(user) -> list[str]:
    return list(PrivacyEvent.objects.filter(grantee=user).order_by("pk")
                .values_list("action", flat=True))


def test_care_data_roles_are_the_lec_roles_admin_and_privacy_officer():
    assert set(CARE_DATA_ROLES) == {"lec_worker", "lec_lead", "admin", "privacy_officer"}


def test_an_admin_cannot_give_their_own_account_lec_lead_in_one_step(login, world):
    response = _tick_roles(login(world.admin), world.admin, "admin", "lec_lead")
    assert response.status_code == 302
    assert _roles_of(world.admin) == {"admin"}
    pending = RoleGrantRequest.objects.get(user=world.admin)
    assert (pending.role, pending.status, pending.requested_by) == \
        ("lec_lead", GrantStatus.PENDING, world.admin)
    assert _role_events(world.admin) == [EventAction.ROLE_REQUESTED]
    admin = User.objects.get(pk=world.admin.pk)
    assert login(admin).get(f"/lec/{world.referral.pk}/").status_code in (403, 404)


def test_the_services_refuse_a_care_data_role_without_approval(world):
    with pytest.raises(ValidationError):
        role_grant(user=world.hr, role="lec_lead")
    with pytest.raises(ValidationError):
        user_create(email="new@west.test", first_name="N", last_name="N", college=world.college,
                    roles=("privacy_officer",))
    assert "lec_lead" not in _roles_of(world.hr)
    assert not User.objects.filter(email="new@west.test").exists()


def test_the_approver_is_never_the_requester_nor_the_grantee(login, world):
    own = role_grant_request(user=world.director, role="lec_worker", by=world.lec_lead)
    response = login(world.lec_lead).post(f"/privacy/role-requests/{own.pk}/approve/")
    assert response.status_code == 403
    for_self = role_grant_request(user=world.lec_lead, role="privacy_officer", by=world.admin)
    response = login(world.lec_lead).post(f"/privacy/role-requests/{for_self.pk}/approve/")
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        role_grant_decide(grant_request_id=own.pk, by=world.lec_lead, approve=True)
    # Nor can the admin who asked, nor an approver of another college.
    assert login(world.admin).post(f"/privacy/role-requests/{own.pk}/approve/").status_code == 403
    with pytest.raises(PermissionDenied):
        role_grant_decide(grant_request_id=own.pk, by=world.foreign_lec_lead, approve=True)
    assert "lec_worker" not in _roles_of(world.director)
    assert "privacy_officer" not in _roles_of(world.lec_lead)
    own.refresh_from_db()
    for_self.refresh_from_db()
    assert own.is_pending and for_self.is_pending


def test_the_database_keeps_the_four_eyes_rule(world):
    request = role_grant_request(user=world.director, role="lec_worker", by=world.admin)
    for approver in (world.admin, world.director):  # the requester, the grantee
        with pytest.raises(IntegrityError, match="rolegrant_not_own"), transaction.atomic():
            RoleGrantRequest.objects.filter(pk=request.pk).update(
                status="approved", decided_by=approver, decided_at=request.requested_at)


def test_approval_grants_and_every_step_is_audited_and_told(
        login, world, mailoutbox, django_capture_on_commit_callbacks):
    grantee = UserFactory(college=world.college, email="nieuw@west.test", language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        _tick_roles(login(world.admin), grantee, "lec_worker", "lec_lead")
    requests = {r.role: r for r in RoleGrantRequest.objects.filter(user=grantee)}
    assert set(requests) == {"lec_worker", "lec_lead"} and not _roles_of(grantee)

    with django_capture_on_commit_callbacks(execute=True):
        approved = login(world.privacy_officer).post(
            f"/privacy/role-requests/{requests['lec_worker'].pk}/approve/")
        rejected = login(world.lec_lead).post(
            f"/privacy/role-requests/{requests['lec_lead'].pk}/reject/", {"note": "Te ruim"})
    assert approved.status_code == rejected.status_code == 302
    assert _roles_of(grantee) == {"lec_worker"}
    requests["lec_worker"].refresh_from_db()
    assert (requests["lec_worker"].status, requests["lec_worker"].decided_by) == \
        (GrantStatus.APPROVED, world.privacy_officer)

    with django_capture_on_commit_callbacks(execute=True):
        _tick_roles(login(world.admin), grantee)  # unticked: revoked
    assert _roles_of(grantee) == set()
    assert sorted(_role_events(grantee)) == sorted([
        EventAction.ROLE_REQUESTED, EventAction.ROLE_REQUESTED, EventAction.ROLE_GRANTED,
        EventAction.ROLE_REJECTED, EventAction.ROLE_REVOKED])
    assert PrivacyEvent.objects.get(grantee=grantee, action="role_granted").user == \
        world.privacy_officer

    page = login(world.privacy_officer).get("/privacy/audit/").content.decode()
    assert "Rol ingetrokken" in page and "Rol toegekend" in page and grantee.last_name in page
    assert [m.to for m in mailoutbox] == [[grantee.email]] * 5
    assert any("LEC-medewerker" in m.body for m in mailoutbox)


def test_the_request_page_lists_pending_requests_for_the_approver(login, world):
    page = login(world.lec_lead).get("/privacy/role-requests/")
    assert page.status_code == 200
    content = page.content.decode()
    assert world.hr.last_name in content
    assert f"/privacy/role-requests/{world.grant_request.pk}/approve/" in content
    assert world.foreign.last_name not in content
    # The admin who asked sees it, without the buttons.
    content = login(world.admin).get("/privacy/role-requests/").content.decode()
    assert world.hr.last_name in content and "/approve/" not in content
    assert login(world.lec_lead).get(
        f"/privacy/role-requests/{world.grant_request.pk}/approve/").status_code == 405
