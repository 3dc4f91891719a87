"""Mijn studenten: figures per student, flags, filters, counts — and a pinned query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from students.models import SessionKind
from tests.factories.students import (
    AssignmentFactory,
    FollowUpFactory,
    StudentFactory,
    session_with,
)

pytestmark = pytest.mark.usefixtures("english")

URL = "/students/caseload/"


def rows(response):
    return {s.pk: s for s in response.context["page"].object_list}


def caseload_student(world, **kwargs):
    student = StudentFactory(programme=world.programme, **kwargs)
    AssignmentFactory(student=student, counsellor=world.counsellor)
    return student


def test_caseload_lists_only_my_current_active_students(login, world):
    left = caseload_student(world, status="dropped_out", end_date=datetime.date(2026, 10, 1))
    response = login(world.counsellor).get(URL)
    listed = rows(response)
    assert world.student.pk in listed
    assert world.team_student.pk not in listed  # team, but not my caseload
    assert left.pk not in listed
    assert response.context["counts"]["total"] == 1


def test_figures_per_student(login, world):
    today = timezone.localdate()
    FollowUpFactory(session=world.session, student=world.student, owner=world.colleague,
                    due_date=today - datetime.timedelta(days=1))
    student = rows(login(world.counsellor).get(URL))[world.student.pk]
    from django.db.models import Max

    # The latest session the student took part in (the world's apps log a few for Sanne).
    latest = world.student.attendances.filter(present=True).aggregate(m=Max("held_at"))["m"]
    assert latest is not None and student.last_session_at == latest
    # One more open follow-up than the world had, overdue: the figures follow the records.
    open_ = world.student.follow_ups.filter(status="open")
    assert student.open_follow_ups == open_.count() >= 2
    assert student.overdue_follow_ups == open_.filter(due_date__lt=today).count() >= 1
    assert student.not_seen is False


def test_not_seen_for_eight_weeks_is_flagged(login, world):
    old = caseload_student(world)
    session_with(old, counsellor=world.counsellor,
                 held_at=timezone.now() - datetime.timedelta(weeks=9))
    group_only = caseload_student(world)
    session_with(group_only, world.student, counsellor=world.counsellor)  # group: not individual
    never = caseload_student(world)
    response = login(world.counsellor).get(URL, {"flag": "not_seen"})
    assert set(rows(response)) == {old.pk, group_only.pk, never.pk}
    assert response.context["counts"]["not_seen"] == 3
    assert 'data-testid="not-seen"' in response.content.decode()


def test_absent_from_a_group_session_is_not_seen(login, world):
    student = caseload_student(world)
    session_with(world.student, absent=[student], counsellor=world.counsellor)
    listed = rows(login(world.counsellor).get(URL))
    assert listed[student.pk].last_session_at is None


@pytest.mark.parametrize(
    ("days_after_start", "complete", "state"),
    [(10, True, "done"), (40, True, "late"), (10, False, "incomplete"), (None, None, "missing")],
)

def test_intake_state(login, world, days_after_start, complete, state):
    start = timezone.localdate() - datetime.timedelta(days=60)
    student = caseload_student(world, start_date=start)
    if days_after_start is not None:
        held = timezone.make_aware(datetime.datetime.combine(
            start + datetime.timedelta(days=days_after_start), datetime.time(10)))
        session_with(student, counsellor=world.counsellor, held_at=held,
                     kind=SessionKind.INTAKE, intake_complete=complete)
    response = login(world.counsellor).get(URL)
    assert rows(response)[student.pk].intake_state == state
    if state != "done":
        assert student.pk in rows(login(world.counsellor).get(URL, {"flag": "intake"}))


def test_intake_not_yet_due_is_not_flagged(login, world):
    student = caseload_student(world, start_date=timezone.localdate() - datetime.timedelta(days=5))
    response = login(world.counsellor).get(URL, {"flag": "intake"})
    assert student.pk not in rows(response)


def test_filters_search_and_sort(login, world):
    today = timezone.localdate()
    late = caseload_student(world, last_name="Zwart")
    session_with(late, counsellor=world.counsellor)
    FollowUpFactory(session=late.attendances.get().session, student=late,
                    owner=world.counsellor, due_date=today - datetime.timedelta(days=2))
    client = login(world.counsellor)
    assert set(rows(client.get(URL, {"flag": "overdue"}))) == {late.pk}
    assert set(rows(client.get(URL, {"flag": "open"}))) == {late.pk, world.student.pk}
    assert set(rows(client.get(URL, {"q": "Zwart"}))) == {late.pk}
    ordered = list(client.get(URL, {"sort": "overdue"}).context["page"].object_list)
    assert ordered[0] == late
    assert client.get(URL, {"sort": "nonsense"}).status_code == 200


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


# The user, their roles and team memberships (one query), my students' ids, my students with
# their figures (the filter buttons' counts are worked out on these rows, not asked again), the
# layout's unread-notification badge. The session comes from the cache.
CASELOAD_QUERIES = 5


@pytest.mark.parametrize("n", [1, 40])
def test_caseload_query_count_is_pinned_for_1_and_40_students(login, world, n):
    today = timezone.localdate()
    for i in range(n - 1):
        student = caseload_student(world)
        session = session_with(student, counsellor=world.counsellor)
        if i % 3 == 0:
            FollowUpFactory(session=session, student=student, owner=world.counsellor,
                            due_date=today - datetime.timedelta(days=1))
    client = login(world.counsellor)
    client.get(URL)  # the first request also stores the session
    assert _queries(client) == CASELOAD_QUERIES
    assert len(client.get(URL).context["page"].object_list) == n


def test_columns_say_what_they_count_a_group_lesson_is_not_an_individual_session(login, world):
    """Issue 16: the caseload showed "8 wk niet gezien" beside "Laatste gesprek: yesterday"
    (a group lesson). The column and the badge now both name individual sessions, and a
    more recent group lesson is shown as such."""
    student = caseload_student(world)
    session_with(student, counsellor=world.counsellor,
                 held_at=timezone.now() - datetime.timedelta(weeks=10))
    session_with(student, world.student, counsellor=world.counsellor,
                 held_at=timezone.now() - datetime.timedelta(days=1))  # a group lesson
    html = login(world.counsellor).get(URL).content.decode()
    row = next(r for r in html.split('data-testid="caseload-row"')[1:]
               if f"/students/{student.pk}/" in r).split("</tr>")[0]
    assert "Last individual session" in html
    assert "no individual session for 8 wk" in row
    last = row.split('data-testid="last-session">')[1]
    ten_weeks = timezone.localtime(timezone.now() - datetime.timedelta(weeks=10)).date()
    assert last.startswith(f"{ten_weeks.day} ")  # the individual session, not yesterday
    assert 'data-testid="last-group">group lesson' in row


@pytest.mark.parametrize("factor", [2, 3])
def test_the_caseloads_absence_flag_is_the_sql_condition_of_dashboards_and_reminders(
        world, settings, factor):
    # The caseload works the flag out on its rows (is_absence_alert); the dashboards and the
    # weekly reminder count it in SQL (absence_alert_q). Both must answer alike everywhere.
    from django.db.models import IntegerField, Value

    from students.models import Student
    from students.selectors.attendance import absence_alert_q, is_absence_alert

    settings.LOB_ABSENCE_TREND_FACTOR = factor
    grid = [(days, before) for days in range(0, 7) for before in range(0, 5)]
    flagged = {
        grid_point for grid_point in grid
        if Student.objects.filter(pk=world.student.pk)
        .annotate(absent_days=Value(grid_point[0], IntegerField()),
                  absent_days_before=Value(grid_point[1], IntegerField()))
        .filter(absence_alert_q()).exists()
    }
    assert {(2, 0), (3, 4), (6, 0)} <= flagged and (1, 0) not in flagged
    assert {point for point in grid if is_absence_alert(*point)} == flagged
