"""Audit review: the access log covers every read of LEC content and every export; the privacy
officer and the LEC lead filter it; bulk reading is flagged to the LEC lead."""

import datetime

import pytest
from django.utils import timezone

from lec.models import AccessLog, Status
from lob.privacy.models import PrivacyEvent
from tests.factories.lec import ReferralFactory
from tests.factories.students import StudentFactory

pytestmark = pytest.mark.django_db


def test_n_sensitive_reads_write_exactly_n_access_log_rows(world, login):
    """A scripted run: case-file pages, triage reads and exports with LEC content."""
    before = AccessLog.objects.count()
    lec = login(world.lec_worker)
    n = 0
    for _ in range(3):
        assert lec.get(f"/lec/{world.referral.pk}/").status_code == 200
        n += 1
    lead = login(world.lec_lead)
    for _ in range(2):
        assert lead.post(f"/privacy/students/{world.student.pk}/export/",
                         {"format": "json"}).status_code == 200
        n += 1
    assert AccessLog.objects.count() - before == n
    # Pages that show no LEC content write nothing.
    counsellor = login(world.counsellor)
    counsellor.get(f"/students/{world.student.pk}/")
    assert AccessLog.objects.count() - before == n
    # Every export, with or without LEC content, is in the privacy audit trail.
    login(world.admin).post(f"/privacy/students/{world.student.pk}/export/", {"format": "html"})
    assert PrivacyEvent.objects.filter(action__startswith="export").count() == 3


def test_privacy_officer_filters_the_access_log_by_user_and_date(world, login):
    now = timezone.now()
    AccessLog.objects.create(user=world.lec_worker, referral=world.referral, action="view_case",
                             at=now - datetime.timedelta(days=3))
    AccessLog.objects.create(user=world.lec_lead, referral=world.referral, action="view_case",
                             at=now)
    client = login(world.privacy_officer)
    everything = client.get("/privacy/audit/")
    assert everything.status_code == 200
    assert len(everything.context["page"].object_list) == 2
    by_user = client.get("/privacy/audit/", {"user": world.lec_worker.pk})
    assert [r["user_id"] for r in by_user.context["page"]] == [world.lec_worker.pk]
    today = timezone.localdate().isoformat()
    by_day = client.get("/privacy/audit/", {"date_from": today, "date_to": today})
    assert [r["user_id"] for r in by_day.context["page"]] == [world.lec_lead.pk]


def test_repeated_reads_are_one_line_of_the_audit_with_their_count(world, login):
    # Issue 16: one row per read stays in the log; the review groups them.
    now = timezone.now().replace(minute=30)
    for minutes in range(6):
        AccessLog.objects.create(user=world.lec_worker, referral=world.referral,
                                 action="view_case", at=now - datetime.timedelta(minutes=minutes))
    response = login(world.privacy_officer).get("/privacy/audit/")
    [line] = response.context["page"].object_list
    assert line["reads"] == 6 and line["user_id"] == world.lec_worker.pk
    assert "6 keer gelezen" in response.content.decode()
    assert AccessLog.objects.count() == 6


def test_the_access_log_of_another_college_is_not_shown(world, login):
    AccessLog.objects.create(user=world.foreign_lec_lead, referral=world.foreign_referral,
                             action="view_referral", at=timezone.now())
    response = login(world.privacy_officer).get("/privacy/audit/")
    assert len(response.context["page"].object_list) == 0


@pytest.mark.parametrize("params", [{"date_from": "2026-05-02", "date_to": "2026-05-01"},
                                    {"date_from": "gisteren"}, {"referral": "-3"},
                                    {"user": "999999"}])
def test_bad_filters_are_reported_at_the_field_and_show_nothing(world, login, params):
    AccessLog.objects.create(user=world.lec_worker, referral=world.referral, action="view_case",
                             at=timezone.now())
    response = login(world.privacy_officer).get("/privacy/audit/", params)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert len(response.context["page"].object_list) == 0


def _bulk_reads(world, cases: int, *, user=None, day=None):
    at = day or timezone.now()
    user = user or world.lec_worker2
    for _ in range(cases):
        referral = ReferralFactory(student=StudentFactory(programme=world.programme),
                                   referred_by=world.counsellor, status=Status.TRIAGE,
                                   assigned_to=world.lec_worker)
        AccessLog.objects.create(user=user, referral=referral, action="view_referral", at=at)


def test_reading_more_cases_than_the_threshold_in_a_day_is_flagged_to_the_lec_lead(
        world, login, settings):
    settings.LOB_BULK_VIEW_THRESHOLD = 3
    _bulk_reads(world, 4)
    home = login(world.lec_lead).get("/")
    assert b'data-testid="bulk-panel"' in home.content
    flags = login(world.privacy_officer).get("/privacy/audit/").context["flags"]
    assert [(f["user_id"], f["cases"]) for f in flags] == [(world.lec_worker2.pk, 4)]
    # Nobody else sees the flag.
    assert b"bulk-panel" not in login(world.lec_worker).get("/").content


def test_reading_up_to_the_threshold_is_not_flagged(world, login, settings):
    settings.LOB_BULK_VIEW_THRESHOLD = 3
    _bulk_reads(world, 3)
    # Reading one case many times counts as one case.
    for _ in range(5):
        AccessLog.objects.create(user=world.lec_worker2, referral=world.referral,
                                 action="view_case", at=timezone.now() - datetime.timedelta(days=1))
    assert b"bulk-panel" not in login(world.lec_lead).get("/").content
    assert login(world.privacy_officer).get("/privacy/audit/").context["flags"] == []


@pytest.mark.parametrize("rows", [1, 60])
def test_audit_page_query_count_is_pinned(world, login, django_assert_num_queries, rows):
    for _ in range(rows):
        AccessLog.objects.create(user=world.lec_worker, referral=world.referral,
                                 action="view_case", at=timezone.now())
    client = login(world.privacy_officer)
    client.get("/privacy/audit/")
    # session, user, roles, user choices, count, page of entries, bulk flags, events,
    # care-data role events, unread-notification badge, session save (3)
    with django_assert_num_queries(9):
        client.get("/privacy/audit/")


def test_other_roles_cannot_open_the_review(world, login):
    for persona in ["admin", "lec_worker", "counsellor", "hr", "director"]:
        assert login(getattr(world, persona)).get("/privacy/audit/").status_code == 403
