"""Issue 15 R1: the plausible date range (common.dates) in forms, and the data migrations'
clamp of rows stored before the check constraints existed."""

import datetime

import pytest
from django import forms
from django.db import connection

from common.dates import PlausibleDateField, PlausibleDateTimeField, clamp_out_of_range
from students.models import FollowUp, GuidanceSession


class _Form(forms.Form):
    day = PlausibleDateField(required=False)
    moment = PlausibleDateTimeField(required=False)


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_a_date_outside_the_range_gets_a_message_at_the_field(value):
    form = _Form({"day": value, "moment": f"{value}T10:00"})
    assert not form.is_valid()
    assert form.has_error("day", code="date_out_of_range")
    assert form.has_error("moment", code="date_out_of_range")


@pytest.mark.parametrize("value", ["1900-01-01", "2026-03-01", "2100-12-31"])
def test_a_date_inside_the_range_is_taken(value):
    assert _Form({"day": value, "moment": f"{value}T10:00"}).is_valid()



def test_clamp_makes_a_stored_bc_date_readable_again(postgres_only, world):
    """As a row stored before the constraints: the constraints dropped for this test's
    transaction, a year-1 local time written as PostgreSQL stores it (a BC date)."""
    session, follow_up = world.session, world.follow_up
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the world's deferred checks, now
        cursor.execute("ALTER TABLE students_guidancesession "
                       "DROP CONSTRAINT session_held_at_plausible")
        cursor.execute("ALTER TABLE students_followup DROP CONSTRAINT followup_due_date_plausible")
        cursor.execute("UPDATE students_guidancesession SET held_at = "
                       "'0001-01-01 00:00:00+00:19:32'::timestamptz - interval '1 day' "
                       "WHERE id = %s", [session.pk])
        cursor.execute("UPDATE students_followup SET due_date = '9999-12-31' WHERE id = %s",
                       [follow_up.pk])
    with pytest.raises(Exception):  # noqa: B017 - psycopg/Django: DataError or ValueError
        GuidanceSession.objects.get(pk=session.pk).held_at  # noqa: B018

    assert clamp_out_of_range(GuidanceSession, "held_at", moment=True) == [session.pk]
    assert clamp_out_of_range(FollowUp, "due_date") == [follow_up.pk]

    assert GuidanceSession.objects.get(pk=session.pk).held_at.year == 1900
    assert FollowUp.objects.get(pk=follow_up.pk).due_date == datetime.date(2100, 12, 31)
