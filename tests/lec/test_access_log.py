"""Every read of LEC content writes a log row in the same transaction; nobody can change it."""

from unittest import mock

import pytest
from django.db import DatabaseError, connection, transaction

from lec.models import AccessAction, AccessLog


def test_each_read_of_the_case_file_writes_one_row(world, login, log_count):
    client = login(world.lec_worker)
    for expected in (1, 2, 3):
        client.get(f"/lec/{world.referral.pk}/", REMOTE_ADDR="10.1.2.3")
        assert log_count(referral=world.referral, user=world.lec_worker,
                         action=AccessAction.VIEW_CASE) == expected
    entry = AccessLog.objects.filter(referral=world.referral).first()
    assert entry.ip == "10.1.2.3"


def test_behind_the_proxy_the_log_has_the_clients_address(world, login, settings):
    settings.LOB_TRUSTED_PROXIES = 1
    login(world.lec_worker).get(f"/lec/{world.referral.pk}/", REMOTE_ADDR="10.0.0.2",
                                HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert AccessLog.objects.filter(referral=world.referral).latest("pk").ip == "198.51.100.7"


def test_the_triage_view_is_logged_as_a_referral_read(world, login, log_count):
    login(world.lec_worker2).get(f"/lec/{world.new_referral.pk}/")
    assert log_count(referral=world.new_referral, user=world.lec_worker2,
                     action=AccessAction.VIEW_REFERRAL) == 1


def test_a_refused_form_shows_the_case_again_and_logs_that_read(world, login, log_count):
    client = login(world.lec_worker)
    response = client.post(f"/lec/{world.referral.pk}/findings/", {"domain": ""})
    # The refusal redirects (nothing of the case in the POST's answer, no read yet) ...
    assert response.status_code == 302 and log_count() == 0
    # ... and the case page it leads to is the read, logged once.
    client.get(response["Location"])
    assert log_count(referral=world.referral, action=AccessAction.VIEW_CASE) == 1


@pytest.mark.parametrize("persona", ["counsellor", "care_coordinator", "manager", "director",
                                     "admin", "hr", "lec_worker2"])
def test_refused_readers_leave_no_content_and_no_row(world, login, log_count, persona):
    response = login(getattr(world, persona)).get(f"/lec/{world.referral.pk}/")
    assert response.status_code in (403, 404)
    assert log_count() == 0


def test_no_content_leaves_when_the_log_row_cannot_be_written(world, login):
    client = login(world.lec_worker)
    client.raise_request_exception = False
    with mock.patch.object(AccessLog.objects, "create", side_effect=DatabaseError("disk full")):
        response = client.get(f"/lec/{world.referral.pk}/")
    assert response.status_code == 500
    assert b"Finding:" not in response.content


def test_the_model_refuses_updates_and_deletes(world, login):
    login(world.lec_worker).get(f"/lec/{world.referral.pk}/")
    entry = AccessLog.objects.get()
    entry.action = AccessAction.VIEW_REFERRAL
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLog.objects.filter(pk=entry.pk).update(ip="1.1.1.1")
    with pytest.raises(PermissionError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get().action == AccessAction.VIEW_CASE


def test_postgresql_refuses_raw_updates_of_the_log(world, login):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    login(world.lec_worker).get(f"/lec/{world.referral.pk}/")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("UPDATE lec_accesslog SET ip = '1.1.1.1'")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("DELETE FROM lec_accesslog")
    assert AccessLog.objects.count() == 1


def test_only_the_retention_purge_may_delete_from_the_log_and_nobody_may_update(world, login):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    login(world.lec_worker).get(f"/lec/{world.referral.pk}/")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("SET LOCAL lob.retention_purge = 'on'")
        cursor.execute("UPDATE lec_accesslog SET ip = '1.1.1.1'")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL lob.retention_purge = 'on'")
        cursor.execute("DELETE FROM lec_accesslog")
        cursor.execute("SET LOCAL lob.retention_purge = 'off'")
    assert AccessLog.objects.count() == 0
    login(world.lec_worker).get(f"/lec/{world.referral.pk}/")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("DELETE FROM lec_accesslog")


def test_the_lec_lead_reviews_the_log_per_case_and_per_user(world, login):
    login(world.lec_worker).get(f"/lec/{world.referral.pk}/")
    login(world.lec_worker2).get(f"/lec/{world.new_referral.pk}/")
    login(world.lec_lead).get(f"/lec/{world.other_case.pk}/")
    client = login(world.lec_lead)
    everything = client.get("/lec/access-log/").context["page"].object_list
    assert len(everything) == 3
    per_case = client.get(f"/lec/access-log/?referral={world.referral.pk}")
    assert [e["user_id"] for e in per_case.context["page"].object_list] == [world.lec_worker.pk]
    per_user = client.get(f"/lec/access-log/?user={world.lec_worker2.pk}")
    assert [e["referral_id"] for e in per_user.context["page"].object_list] == [
        world.new_referral.pk]


def test_the_log_of_another_college_is_not_shown(world, login):
    login(world.lec_worker).get(f"/lec/{world.referral.pk}/")
    response = login(world.foreign_lec_lead).get("/lec/access-log/")
    assert list(response.context["page"].object_list) == []


def test_the_log_is_not_in_the_admin(world, login):
    from django.contrib import admin

    assert AccessLog not in admin.site._registry
    response = login(world.admin).get("/admin/lec/accesslog/")
    assert response.status_code == 404
