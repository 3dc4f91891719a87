"""The student search is served by an index on PostgreSQL, not by reading the whole college."""

import pytest
from django.db import connection, transaction

from students.models import Student
from students.selectors.register import search_matches, student_list
from tests.factories.students import StudentFactory

pytestmark = pytest.mark.django_db


def plan_of(queryset) -> str:
    """The plan PostgreSQL makes when it must not read the table whole, however small it is
    in a test: an index that cannot serve the search leaves it only a sequential scan."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


@pytest.mark.parametrize("query", ["kar", "Vries 1000", "123"])
def test_the_search_is_served_by_the_trigram_index(postgres_only, query):
    plan = plan_of(Student.objects.filter(search_matches(query)).values("pk"))
    assert "student_search_trgm_idx" in plan
    assert "Seq Scan" not in plan


def test_search_matches_part_of_a_name_and_the_start_of_a_number(world):
    karin = StudentFactory(programme=world.programme, first_name="Karin", last_name="Bos",
                           student_number="734501")
    van_der_kar = StudentFactory(programme=world.programme, first_name="Ali",
                                 last_name="van der Kar", student_number="734502")
    StudentFactory(programme=world.programme, first_name="Ilse", last_name="Bakker",
                   student_number="199734")
    found = set(student_list(user=world.director, query="kar").values_list("pk", flat=True))
    assert {karin.pk, van_der_kar.pk} <= found
    assert set(student_list(user=world.director, query="7345").values_list("pk", flat=True)) == {
        karin.pk, van_der_kar.pk}
    assert list(student_list(user=world.director, query="KAR 734502").values_list(
        "pk", flat=True)) == [van_der_kar.pk]
