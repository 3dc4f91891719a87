"""Prepared: a queryset's SQL worked out once per shape, run with each call's values."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from lob.sqlcache import Prepared
from students.models import Student
from tests.factories.students import StudentFactory

pytestmark = pytest.mark.django_db


def _per_programme(shape, college_id, study_year=None):
    qs = Student.objects.filter(college_id=college_id, status="active")
    if shape == "by_year":
        qs = qs.filter(study_year=study_year)
    return qs.values("programme_id").annotate(n=Count("pk")).order_by("programme_id")


def test_rows_equal_the_querysets_for_every_value_and_shape(world):
    for year in (1, 2, 3):
        StudentFactory(programme=world.programme, study_year=year)
        StudentFactory(programme=world.other_programme, study_year=year)
    prepared = Prepared(_per_programme)
    for college in (world.college, world.other_college):
        for year in (1, 2, 3, 4):
            got = prepared.rows("by_year", college_id=college.pk, study_year=year)
            assert got == list(_per_programme("by_year", college.pk, year))
        assert prepared.rows("all", college_id=college.pk) == list(
            _per_programme("all", college.pk))
    assert len(prepared._compiled) == 2  # one per shape, not per value
    with CaptureQueriesContext(connection) as queries:
        prepared.rows("by_year", college_id=world.college.pk, study_year=2)
    assert len(queries) == 1 and "%s" not in queries[0]["sql"]


def test_a_value_the_query_changes_or_leaves_out_is_refused(world):
    contains = Prepared(lambda shape, name: Student.objects.filter(
        last_name__icontains=name).values("pk"))
    with pytest.raises(ValueError, match="changed"):
        contains.rows("x", name="Vries")
    ignores = Prepared(lambda shape, college_id: Student.objects.values("pk"))
    with pytest.raises(ValueError, match="not passed as parameters"):
        ignores.rows("x", college_id=world.college.pk)
    objects = Prepared(lambda shape, college: Student.objects.filter(college=college).values("pk"))
    with pytest.raises(TypeError):
        objects.rows("x", college=world.college)
