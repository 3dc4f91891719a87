"""The student list: scoped, searchable, filterable, paginated, a fixed number of queries."""

import pytest

from tests.factories.staff import UserFactory, member
from tests.factories.students import AssignmentFactory, ProgrammeFactory, StudentFactory

pytestmark = pytest.mark.django_db


def numbers(response):
    # Other apps' world extensions add students made by the factory (numbers 5xxxxx); these
    # tests look at the world's own students and those they make themselves.
    return [
        s.student_number
        for s in response.context["page"].object_list
        if not s.student_number.startswith("5")
    ]


def test_counsellor_sees_team_and_caseload_but_not_other_teams_or_colleges(login, world):
    response = login(world.counsellor).get("/students/")
    assert set(numbers(response)) == {"100001", "100002"}


def test_caseload_student_outside_my_teams_is_visible_to_their_counsellor(login, world):
    AssignmentFactory(student=StudentFactory(programme=world.other_programme, student_number="100099"),
                      counsellor=world.colleague)
    assert "100099" in numbers(login(world.colleague).get("/students/"))
    assert "100099" not in numbers(login(world.counsellor).get("/students/"))


def test_director_sees_the_whole_college_only(login, world):
    assert set(numbers(login(world.director).get("/students/"))) == {"100001", "100002", "100003"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "vries"}, {"100001"}),
        ({"q": "Sanne de"}, {"100001"}),
        ({"q": "10000"}, {"100001", "100002", "100003"}),
        ({"pathway": "BOL"}, {"100003"}),
        ({"pathway": "BBL"}, {"100001", "100002"}),
        ({"study_year": "2"}, {"100002"}),
        ({"status": "dropped_out"}, {"100003"}),
        ({"status": "active"}, {"100001", "100002"}),
    ],
)
def test_search_and_filters(login, world, params, expected):
    world.team_student.study_year = 2
    # Fixed names: Faker's Dutch names may well be "de Vries" too.
    world.team_student.first_name, world.team_student.last_name = "Daan", "Bakker"
    world.team_student.save()
    world.other_team_student.first_name, world.other_team_student.last_name = "Lotte", "Smit"
    world.other_team_student.status = "dropped_out"
    world.other_team_student.end_date = world.other_team_student.start_date
    world.other_team_student.save()
    response = login(world.director).get("/students/", params)
    assert set(numbers(response)) == expected


def test_filter_by_team_programme_and_counsellor(login, world):
    client = login(world.director)
    assert set(numbers(client.get("/students/", {"team": world.other_team.pk}))) == {"100003"}
    assert set(numbers(client.get("/students/", {"programme": world.programme.pk}))) == {"100001", "100002"}
    assert set(numbers(client.get("/students/", {"counsellor": world.counsellor.pk}))) == {"100001"}


def test_filter_on_a_team_i_cannot_see_is_ignored_not_leaked(login, world):
    response = login(world.counsellor).get("/students/", {"team": world.foreign_team.pk})
    assert response.context["form"].errors
    assert set(numbers(response)) == {"100001", "100002"}


def test_list_is_paginated_by_fifty(login, world):
    programme = ProgrammeFactory(team=world.team, crebo="25501")
    for i in range(62):
        StudentFactory(programme=programme, student_number=f"4{i:05d}")
    client = login(world.counsellor)
    first = client.get("/students/", {"programme": programme.pk})
    assert len(numbers(first)) == 50 and first.context["page"].paginator.count == 62
    assert len(numbers(client.get("/students/", {"programme": programme.pk, "page": 2}))) == 12


def _make_students(world, n):
    programme = ProgrammeFactory(team=world.team, crebo="25500")
    others = [member(UserFactory(college=world.college), world.team) for _ in range(3)]
    for i in range(n):
        s = StudentFactory(programme=programme, student_number=f"7{i:05d}")
        AssignmentFactory(student=s, counsellor=others[i % 3])


@pytest.mark.parametrize("n", [1, 50])
def test_query_count_is_the_same_for_1_and_50_students(login, world, django_assert_num_queries, n):
    _make_students(world, n)
    client = login(world.manager)
    # session, user, roles and memberships, programmes (with their teams), counsellors (filter
    # choices), count, the page of students, the unread-notification badge; then the idle-expiry
    # refresh of the session (savepoint, update, release: savepoints only because tests run in a
    # transaction).
    with django_assert_num_queries(10):
        response = client.get("/students/", {"q": "", "pathway": ""})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(50, response.context["page"].paginator.count)
    assert response.context["page"].paginator.count >= n + 2


def test_counsellor_filter_offers_the_counsellors_of_the_teams_i_see(login, world):
    def offered(user):
        field = login(user).get("/students/").context["form"]["counsellor"]
        html = str(field)
        return {u for u in (world.counsellor, world.colleague, world.outsider, world.foreign)
                if f'<option value="{u.pk}"' in html}

    assert offered(world.counsellor) == {world.counsellor, world.colleague}
    assert offered(world.director) == {world.counsellor, world.colleague, world.outsider}


def test_filter_selects_keep_the_chosen_value_and_their_label(login, world):
    response = login(world.director).get("/students/", {"counsellor": world.outsider.pk,
                                                        "status": "active"})
    html = response.content.decode()
    assert f'<option value="{world.outsider.pk}" selected>' in html
    assert '<option value="active" selected>' in html
    assert '<select name="counsellor" class="form-select" id="id_counsellor">' in html
    assert '<label class="form-label small" for="id_counsellor">' in html
