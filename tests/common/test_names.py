"""Names sort on the last name without its tussenvoegsel, as Dutch lists do: "de Boer" under
B, between "Bakker" and "Dekker", not after "Yilmaz"."""

import pytest

from common.names import sort_name
from staff.models import User
from students.models import Student
from tests.factories.staff import UserFactory
from tests.factories.students import AssignmentFactory, StudentFactory

NAMES = ["Yilmaz", "de Boer", "van der Berg", "Bakker", "'t Hart", "Van den Heuvel", "Dekker",
         "ter Horst", "Vanderbilt", "in 't Veld"]
DUTCH_ORDER = ["Bakker", "van der Berg", "de Boer", "Dekker", "'t Hart", "Van den Heuvel",
               "ter Horst", "Vanderbilt", "in 't Veld", "Yilmaz"]


@pytest.mark.parametrize("last_name,expected", [
    ("de Boer", "boer"), ("van der Berg", "berg"), ("Van den Heuvel", "heuvel"),
    ("'t Hart", "hart"), ("in 't Veld", "veld"), ("Vanderbilt", "vanderbilt"),
    ("van Dijk-de Vries", "dijk-de vries"), ("Yilmaz", "yilmaz"), ("De", "de"),
])
def test_sort_name_leaves_out_the_tussenvoegsel(last_name, expected):
    assert sort_name(last_name) == expected


@pytest.mark.django_db
def test_the_database_sorts_students_and_staff_the_dutch_way(world):
    students = [StudentFactory(programme=world.programme, last_name=name, first_name="Kim")
                for name in NAMES]
    ordered = Student.objects.filter(pk__in=[s.pk for s in students])
    assert [s.last_name for s in ordered] == DUTCH_ORDER
    assert all(s.sort_name == sort_name(s.last_name) for s in ordered)
    users = [UserFactory(college=world.college, last_name=name) for name in NAMES]
    assert [u.last_name for u in User.objects.filter(pk__in=[u.pk for u in users])] == DUTCH_ORDER


@pytest.mark.django_db
def test_the_sort_name_follows_a_bulk_update_of_the_last_name(world):
    student = StudentFactory(programme=world.programme, last_name="Bakker")
    Student.objects.filter(pk=student.pk).update(last_name="van den Bakker")
    assert Student.objects.get(pk=student.pk).sort_name == "bakker"


@pytest.mark.django_db
def test_the_caseload_lists_de_boer_under_b(world, login):
    for name in NAMES:
        AssignmentFactory(counsellor=world.counsellor, student=StudentFactory(
            programme=world.programme, last_name=name, first_name="Kim"))
    html = login(world.counsellor).get("/students/caseload/?sort=name").content.decode().replace("&#x27;", "'")
    expected = [f"{name}, Kim" for name in DUTCH_ORDER[:-1]] + ["de Vries, Sanne", "Yilmaz, Kim"]
    positions = [html.index(name) for name in expected]
    assert positions == sorted(positions)
