"""F3 (issue 15): who is on a case is decided by the LEC lead and the case worker only. A worker
could add themselves to a referral still in the queue and keep its case file after another
worker claimed it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lec import selectors, services
from lec.models import CaseMember, Status
from tests.factories.staff import UserFactory

from .conftest import snapshot


def test_a_worker_cannot_add_themselves_to_a_referral_in_the_queue(world, login):
    referral = world.new_referral
    assert referral.status == Status.SUBMITTED
    before = snapshot(referral)
    response = login(world.lec_worker2).post(
        f"/lec/{referral.pk}/members/",
        {"worker": world.lec_worker2.pk, "version": referral.version})
    assert response.status_code in (403, 404)
    assert snapshot(referral) == before
    # Another worker claims it: the would-be self-added worker sees no case file.
    login(world.lec_worker).post(f"/lec/{referral.pk}/claim/")
    referral.refresh_from_db()
    assert referral.assigned_to_id == world.lec_worker.pk
    assert not selectors.may_read_case_file(world.lec_worker2, referral)


def test_a_member_added_before_the_claim_loses_the_case_at_the_claim(world, login):
    """A member row left by the old hole does not survive the claim."""
    referral = world.new_referral
    CaseMember.objects.create(referral=referral, user=world.lec_worker2,
                              added_by=world.lec_worker2, added_at=referral.referred_at)
    login(world.lec_worker).post(f"/lec/{referral.pk}/claim/")
    referral.refresh_from_db()
    assert not selectors.may_read_case_file(world.lec_worker2, referral)


def test_a_worker_not_in_charge_cannot_put_themselves_on_a_case(world):
    """The service refuses whatever the form: a member may read the case, not manage its team."""
    referral = world.referral  # case worker: lec_worker
    CaseMember.objects.create(referral=referral, user=world.lec_worker2,
                              added_by=world.lec_worker, added_at=referral.referred_at)
    third = UserFactory(college=world.college, email="lec3@west.test", roles=["lec_worker"])
    with pytest.raises(PermissionDenied):
        services.case_member_add(referral_id=referral.pk, user=world.lec_worker2, worker=third,
                                 expected_version=referral.version)
    with pytest.raises(PermissionDenied):
        services.referral_assign(referral_id=referral.pk, user=world.lec_worker2,
                                 worker=world.lec_worker2, expected_version=referral.version)
    referral.refresh_from_db()
    assert referral.assigned_to_id == world.lec_worker.pk


def test_the_case_worker_and_the_lead_manage_the_team(world, login):
    referral = world.referral
    response = login(world.lec_worker).post(
        f"/lec/{referral.pk}/members/",
        {"worker": world.lec_worker2.pk, "version": referral.version})
    assert response.status_code == 302
    referral.refresh_from_db()
    response = login(world.lec_lead).post(
        f"/lec/{referral.pk}/assign/",
        {"worker": world.lec_worker2.pk, "version": referral.version})
    assert response.status_code == 302


def test_the_case_page_reads_the_case_team_once_for_the_file_and_the_history(world, login):
    referral = world.referral  # case worker: lec_worker
    CaseMember.objects.create(referral=referral, user=world.lec_worker2,
                              added_by=world.lec_lead, added_at=referral.referred_at)
    client = login(world.lec_worker)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/lec/{referral.pk}/")
    assert response.status_code == 200
    # The access test's EXISTS aside, the members are read by one query, not two.
    assert sum(q["sql"].startswith('SELECT "lec_casemember"')
               for q in ctx.captured_queries) == 1
    history = response.context["history"]
    member_lines = [line for line in history if line.kind == "member"]
    assert [line.item.user_id for line in member_lines] == [world.lec_worker2.pk]
    assert member_lines[0].item.added_by == world.lec_lead
