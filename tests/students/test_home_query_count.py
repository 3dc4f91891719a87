"""A counsellor's home page asks the database as often for a caseload of 1 as for one of 40
(issue 14: nothing grows with the caseload, nor with the ROC)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.staff import CollegeFactory, TeamFactory, UserFactory, member
from tests.factories.students import (
    AssignmentFactory,
    FollowUpFactory,
    ProgrammeFactory,
    StudentFactory,
    session_with,
)
from tests.privacy.twofactor import log_in

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20


def counsellor_with_caseload(college, n: int):
    """A counsellor of a team of their own with `n` students, each handed over recently, last
    seen ten weeks ago and with an overdue follow-up: every panel of the home page has rows."""
    team = TeamFactory(college=college)
    counsellor = member(UserFactory(college=college), team)
    programme = ProgrammeFactory(team=team)
    today = timezone.localdate()
    for _ in range(n):
        student = StudentFactory(programme=programme, start_date=today - datetime.timedelta(days=400))
        AssignmentFactory(student=student, counsellor=counsellor,
                          start_date=today - datetime.timedelta(days=10),
                          handover_note="Overdracht: loopt goed")
        old = session_with(student, counsellor=counsellor,
                           held_at=timezone.now() - datetime.timedelta(weeks=10))
        FollowUpFactory(session=old, student=student, owner=counsellor,
                        due_date=today - datetime.timedelta(days=2))
    return counsellor


def home_queries(client, user) -> tuple[int, list[str]]:
    log_in(client, user)
    client.get("/")  # the session's first request settles what it stores
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return len(captured.captured_queries), sorted(p.template for p in response.context["panels"])


def test_home_page_queries_do_not_grow_with_the_caseload(client):
    college = CollegeFactory()
    small = counsellor_with_caseload(college, 1)
    large = counsellor_with_caseload(college, 40)

    small_count, small_panels = home_queries(client, small)
    large_count, large_panels = home_queries(client, large)

    assert small_panels == large_panels  # the same panels, with 1 row and with 5 (of 40)
    assert {"students/panels/follow_ups.html", "students/panels/handovers.html",
            "students/panels/not_seen.html"} <= set(large_panels)
    assert large_count == small_count
    assert large_count <= MAX_QUERIES
