"""Issue 15's robustness findings on the first-line record: year-1 dates (R1), a bad `next`
(R3), double submits and two tabs (R10), and unbounded texts and tampered row counts (R11).
Each refusal shows a message and leaves the database as it was."""

import datetime
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from students.models import (
    CounsellorAssignment,
    FollowUp,
    GuidanceSession,
    SessionAmendment,
    SessionAttendance,
)
from tests.students.test_session_views import post_data

pytestmark = pytest.mark.usefixtures("english")

NEW = "/students/sessions/new/"
RANGE = "between 1 January 1900 and 31 December 2100"


def rows():
    return (GuidanceSession.objects.count(), SessionAttendance.objects.count(),
            FollowUp.objects.count(), SessionAmendment.objects.count())


# --- R1: a date in year 1 -----------------------------------------------------------------------

@pytest.mark.parametrize("held_at", ["0001-01-01T00:00", "1899-12-31T10:00"])
def test_session_in_year_one_is_refused_at_the_field(login, world, held_at):
    before = rows()
    response = login(world.counsellor).post(NEW, post_data(world, held_at=held_at))
    assert response.status_code == 200
    assert RANGE in " ".join(response.context["form"].errors["held_at"])
    assert rows() == before
    # And the student stays readable for everyone.
    assert login(world.counsellor).get(f"/students/{world.student.pk}/").status_code == 200


def test_follow_up_due_in_year_one_is_refused_at_the_field(login, world):
    before = rows()
    response = login(world.counsellor).post(
        f"/students/sessions/{world.session.pk}/follow-ups/",
        {"description": "Bellen", "owner": world.counsellor.pk, "due_date": "0001-01-01"})
    assert response.status_code == 400
    assert RANGE in " ".join(response.context["add_form"].errors["due_date"])
    assert rows() == before


@pytest.mark.parametrize(("model", "field", "value"), [
    (GuidanceSession, "held_at", datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)),
    (FollowUp, "due_date", datetime.date(1, 1, 1)),
    (FollowUp, "due_date", datetime.date(9999, 12, 31)),
    (CounsellorAssignment, "start_date", datetime.date(1, 1, 1)),
])
def test_database_refuses_dates_outside_the_range(world, model, field, value):
    row = model.objects.filter(pk={
        GuidanceSession: world.session.pk, FollowUp: world.follow_up.pk,
    }.get(model, model.objects.values_list("pk", flat=True).first()))
    with pytest.raises(IntegrityError), transaction.atomic():
        row.update(**{field: value})


# --- R3: a bad `next` -----------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["abc", "students:follow_ups", "//evil.test/", "\x00"])
def test_close_with_a_bad_next_goes_to_the_list(login, world, target):
    response = login(world.counsellor).post(
        f"/students/follow-ups/{world.follow_up.pk}/close/",
        {"status": "done", "note": "", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/students/follow-ups/"


def test_handover_with_a_bad_next_goes_to_the_list(login, world):
    response = login(world.counsellor).post(
        f"/students/follow-ups/{world.follow_up.pk}/handover/",
        {"owner": world.colleague.pk, "next": "abc"})
    assert response.status_code == 302
    assert response["Location"] == "/students/follow-ups/"


def test_a_good_next_is_followed(login, world):
    response = login(world.counsellor).post(
        f"/students/follow-ups/{world.follow_up.pk}/close/",
        {"status": "done", "next": f"/students/{world.student.pk}/"})
    assert response["Location"] == f"/students/{world.student.pk}/"


# --- R10: double submit and two tabs ------------------------------------------------------------

def _form_token(client, path):
    return client.get(path).context["form"]["submission_token"].value()


def test_the_same_log_form_submitted_twice_logs_one_session(login, world):
    client = login(world.counsellor)
    token = _form_token(client, f"{NEW}?student={world.student.pk}")
    assert token
    before = rows()
    data = post_data(world, submission_token=str(token))
    first = client.post(NEW, data)
    second = client.post(NEW, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert rows()[0] == before[0] + 1
    assert rows()[2] == before[2] + 2  # the two follow-up rows, once


def test_two_forms_log_two_sessions(login, world):
    client = login(world.counsellor)
    before = GuidanceSession.objects.count()
    for _ in range(2):
        client.post(NEW, post_data(world, submission_token=str(uuid.uuid4())))
    assert GuidanceSession.objects.count() == before + 2


def test_the_same_group_form_submitted_twice_logs_one_session(login, world):
    client = login(world.counsellor)
    path = f"/students/groups/{world.group.pk}/sessions/new/"
    token = _form_token(client, path)
    data = post_data(world, submission_token=str(token), kind="group_lesson",
                     present=[str(world.student.pk)], **{"fu-TOTAL_FORMS": "0"})
    before = GuidanceSession.objects.count()
    client.post(path, data)
    client.post(path, data)
    assert GuidanceSession.objects.count() == before + 1


def test_the_same_follow_up_form_submitted_twice_adds_one(login, world):
    client = login(world.counsellor)
    page = client.get(f"/students/sessions/{world.session.pk}/")
    token = page.context["add_form"]["submission_token"].value()
    assert token
    data = {"description": "Bellen", "owner": world.counsellor.pk,
            "due_date": timezone.localdate().isoformat(), "submission_token": str(token)}
    before = FollowUp.objects.count()
    for _ in range(2):
        assert client.post(f"/students/sessions/{world.session.pk}/follow-ups/",
                           data).status_code == 302
    assert FollowUp.objects.count() == before + 1


def test_another_users_token_is_refused(login, world):
    """A token is only one user's: someone else's never returns their row."""
    data = {"description": "Bellen", "owner": world.counsellor.pk,
            "due_date": timezone.localdate().isoformat(), "submission_token": str(uuid.uuid4())}
    path = f"/students/sessions/{world.session.pk}/follow-ups/"
    before = FollowUp.objects.count()
    login(world.counsellor).post(path, data)
    response = login(world.manager).post(path, data)
    assert response.status_code == 400  # the token is taken on this session: refused
    assert FollowUp.objects.count() == before + 1


def _edit_data(session, **overrides):
    data = {
        "held_at": timezone.localtime(session.held_at).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": str(session.duration_minutes), "kind": session.kind,
        "location": session.location, "summary": session.summary,
        "agreements": session.agreements,
    }
    data.update(overrides)
    return data


def test_an_edit_from_an_older_tab_is_refused_and_keeps_the_first(login, world):
    client = login(world.counsellor)
    path = f"/students/sessions/{world.session.pk}/edit/"
    version = client.get(path).context["form"]["version"].value()
    assert version
    first = client.post(path, _edit_data(world.session, summary="Eerste tab", version=version))
    assert first.status_code == 302
    second = client.post(path, _edit_data(world.session, summary="Tweede tab", version=version))
    assert second.status_code == 200
    assert "Someone else changed this" in second.content.decode()
    world.session.refresh_from_db()
    assert world.session.summary == "Eerste tab"


def test_counsellor_change_from_an_older_tab_is_refused(login, world):
    client = login(world.manager)
    path = f"/students/{world.student.pk}/counsellor/"
    seen = client.get(path).context["form"]["current"].value()
    assert seen == world.counsellor.pk
    first = client.post(path, {"counsellor": world.colleague.pk, "handover_note": "Tab 1",
                               "current": seen})
    assert first.status_code == 302
    assignments = CounsellorAssignment.objects.count()
    second = client.post(path, {"counsellor": world.counsellor.pk,
                                "handover_note": "Tab 2", "current": seen})
    assert second.status_code == 200
    assert "Someone else changed this" in second.content.decode()
    assert CounsellorAssignment.objects.count() == assignments
    current = CounsellorAssignment.objects.get(student=world.student, end_date__isnull=True)
    assert current.counsellor == world.colleague


def test_group_counsellor_change_from_an_older_tab_is_refused(login, world):
    client = login(world.manager)
    path = f"/students/groups/{world.group.pk}/counsellor/"
    seen = client.get(path).context["form"]["current"].value()
    client.post(path, {"counsellor": world.colleague.pk, "handover_note": "Tab 1",
                       "current": seen})
    second = client.post(path, {"counsellor": world.counsellor.pk, "handover_note": "Tab 2",
                                "current": seen})
    assert "Someone else changed this" in second.content.decode()
    world.group.refresh_from_db()
    assert world.group.counsellor == world.colleague


# --- R11: limits --------------------------------------------------------------------------------

def test_a_summary_of_100000_characters_is_refused(login, world):
    before = rows()
    response = login(world.counsellor).post(NEW, post_data(world, summary="x" * 100_000))
    assert response.status_code == 200
    assert response.context["form"].errors["summary"]
    assert rows() == before


def test_an_amendment_of_100000_characters_is_refused(login, world):
    before = rows()
    response = login(world.counsellor).post(
        f"/students/sessions/{world.locked_session.pk}/amend/", {"text": "x" * 100_000})
    assert response.status_code == 400
    assert response.context["amend_form"].errors["text"]
    assert rows() == before


def test_service_refuses_a_long_amendment_too(world):
    from django.core.exceptions import ValidationError

    from students import services

    with pytest.raises(ValidationError):
        services.session_amend(session=world.locked_session, by=world.counsellor,
                               text="x" * 2001)


@pytest.mark.parametrize("total", ["-1", "-5", "abc", "²"])
def test_tampered_row_count_is_refused_and_saves_nothing(login, world, total):
    before = rows()
    response = login(world.counsellor).post(NEW, post_data(world, **{"fu-TOTAL_FORMS": total}))
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert rows() == before


def test_an_import_row_starting_in_year_9999_is_a_row_error(world):
    """R1 in the import: the start date's check constraint must not crash the job."""
    from django.utils import translation

    from students.models import Student
    from tests.students.test_import import csv_text, good_row, run

    row = "300003;Piet;Jansen;17-05-2008;25491;BBL;1;31-12-9999;nee;zorg;"
    before = Student.objects.count()
    with translation.override("en"):
        result = run(world, csv_text(good_row(), row))
        # Read in English too: the messages are translated when read, in the active language.
        messages = " ".join(result.errors[0].messages) if result.errors else ""
    assert not result.ok
    assert [e.line for e in result.errors] == [3]
    assert "start date 9999-12-31 is not plausible" in messages
    assert Student.objects.count() == before
