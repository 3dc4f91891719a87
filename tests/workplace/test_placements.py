"""Placements: who sees them, visits logged as sessions, and which placements had no visit this
period."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lob.workplace.models import Company, Placement, PlacementKind, PlacementVisit
from students.models import GuidanceSession, SessionKind, SessionLocation
from tests.factories.students import AssignmentFactory, StudentFactory


@pytest.fixture
def world(world_once_per_module):
    return world_once_per_module


def _rows(client):
    return [(p.student.last_name, p.company.name)
            for p in client.get("/workplace/").context["page"].object_list]


def test_the_list_shows_the_placements_of_my_students_only(world, login):
    assert _rows(login(world.counsellor)) == [("de Vries", "Zorggroep De Linde")]
    assert _rows(login(world.manager)) == [("de Vries", "Zorggroep De Linde")]
    assert _rows(login(world.outsider)) == []
    assert _rows(login(world.foreign)) == [(world.foreign_student.last_name, "Winkel Noord")]


def test_a_placement_without_a_visit_for_a_period_is_flagged_until_visited(world, login):
    client = login(world.counsellor)
    html = client.get("/workplace/?due=on").content.decode()
    # Started on 1 September: more than ten weeks without a visit by 1 December.
    assert 'data-testid="visit-due"' in html
    response = client.post(f"/workplace/{world.placement.pk}/visit/", {
        "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "duration_minutes": "45",
        "summary": "Rondleiding met de praktijkopleider; leerdoelen besproken.",
        "competencies": ["work_exploration"],
    })
    assert response.status_code == 302
    session = GuidanceSession.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert (session.kind, session.location) == (SessionKind.PLACEMENT_VISIT,
                                                SessionLocation.PLACEMENT)
    assert list(session.attendances.values_list("student_id", flat=True)) == [world.student.pk]
    assert PlacementVisit.objects.get().session == session
    assert _rows_due(client) == []


def _rows_due(client):
    return list(client.get("/workplace/?due=on").context["page"].object_list)


def test_a_placement_that_started_recently_is_not_yet_due(world, login):
    world.placement.start_date = timezone.localdate() - datetime.timedelta(weeks=3)
    world.placement.save()
    assert _rows_due(login(world.counsellor)) == []


def test_a_visit_with_bad_input_says_so_and_logs_nothing(world, login):
    response = login(world.counsellor).post(f"/workplace/{world.placement.pk}/visit/", {
        "held_at": "", "duration_minutes": "0", "summary": ""})
    assert response.status_code == 200
    assert {"held_at", "duration_minutes", "summary"} <= response.context["form"].errors.keys()
    assert not GuidanceSession.objects.filter(kind=SessionKind.PLACEMENT_VISIT).exists()


def test_a_company_of_another_college_is_refused(world):
    placement = Placement(student=world.student, company=world.foreign_company,
                          kind=PlacementKind.BBL_JOB, start_date=datetime.date(2026, 9, 1),
                          hours_per_week=32)
    with pytest.raises(ValidationError) as error:
        placement.full_clean()
    assert "company" in error.value.message_dict


def test_the_student_page_shows_where_the_student_is_placed(world, login):
    html = login(world.director).get(f"/students/{world.student.pk}/").content.decode()
    assert "Zorggroep De Linde" in html


def test_the_list_asks_the_same_number_of_queries_for_more_placements(world, login,
                                                                      django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.manager)
    client.get("/workplace/")
    with CaptureQueriesContext(connection) as few:
        client.get("/workplace/")
    company = Company.objects.create(college=world.college, name="Kinderopvang Kikker")
    for _ in range(25):
        student = StudentFactory(programme=world.programme)
        AssignmentFactory(student=student, counsellor=world.counsellor)
        Placement.objects.create(student=student, company=company,
                                 kind=PlacementKind.BOL_INTERNSHIP,
                                 start_date=datetime.date(2026, 9, 1), hours_per_week=24)
    with django_assert_num_queries(len(few)):
        response = client.get("/workplace/")
    assert len(response.context["page"].object_list) == 26
