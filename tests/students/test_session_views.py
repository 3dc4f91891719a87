"""Logging a session in the browser's forms: defaults, bad input at the field, nothing lost."""

import datetime

import pytest
from django.utils import timezone

from students.models import FollowUp, GuidanceSession, SessionAttendance, SessionRevision

pytestmark = pytest.mark.usefixtures("english")

NEW = "/students/sessions/new/"


def post_data(world, **overrides):
    held = timezone.localtime() - datetime.timedelta(hours=1)
    due = timezone.localdate() + datetime.timedelta(days=7)
    data = {
        "student": world.student.pk,
        "kind": "career",
        "held_at": held.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "30",
        "location": "private_room",
        "competencies": ["motives", "networking"],
        "summary": "Wil na de BPV doorstromen naar niveau 4.",
        "agreements": "Open dag bezoeken.",
        "fu-TOTAL_FORMS": "2",
        "fu-INITIAL_FORMS": "0",
        "fu-0-description": "Open dag inplannen",
        "fu-0-owner": world.counsellor.pk,
        "fu-0-due_date": due.isoformat(),
        "fu-1-description": "Mentor BPV bellen",
        "fu-1-owner": world.colleague.pk,
        "fu-1-due_date": due.isoformat(),
    }
    data.update(overrides)
    return data


def counts():
    return (GuidanceSession.objects.count(), SessionAttendance.objects.count(),
            FollowUp.objects.count())


def test_form_opens_with_now_and_me_as_owner(login, world):
    response = login(world.counsellor).get(f"{NEW}?student={world.student.pk}")
    html = response.content.decode()
    now = timezone.localtime().strftime("%Y-%m-%dT%H:")
    assert f'value="{now}' in html
    form = response.context["formset"].forms[0]
    assert form["owner"].value() == world.counsellor.pk
    assert response.context["form"]["student"].value() == world.student.pk


def test_the_kind_starts_as_intake_only_for_a_first_year_without_one(login, world):
    """Issue 16: the form defaulted to Intake even for a third-year student."""
    from students.models import SessionKind
    from tests.factories.students import session_with

    client = login(world.counsellor)

    def kind_for(student):
        return client.get(f"{NEW}?student={student.pk}").context["form"]["kind"].value()

    world.team_student.study_year = 1
    world.team_student.save(update_fields=["study_year"])
    from tests.factories.students import AssignmentFactory

    AssignmentFactory(student=world.team_student, counsellor=world.counsellor)
    assert kind_for(world.team_student) == SessionKind.INTAKE
    session_with(world.team_student, counsellor=world.counsellor, kind=SessionKind.INTAKE)
    assert kind_for(world.team_student) == SessionKind.CAREER  # had the intake
    world.team_student.study_year = 3
    world.team_student.save(update_fields=["study_year"])
    assert kind_for(world.team_student) == SessionKind.CAREER
    # Without a known student nothing is chosen for the counsellor.
    form = client.get(NEW).context["form"]
    assert not form["kind"].value() and form.fields["kind"].choices[0][0] == ""


def test_a_group_lesson_does_not_start_in_the_private_room(login, world):
    form = login(world.counsellor).get(
        f"/students/groups/{world.group.pk}/sessions/new/").context["form"]
    assert form["kind"].value() == "group_lesson"
    assert form["location"].value() == "classroom"


def test_individual_session_with_two_follow_ups_lands_on_the_timeline(login, world):
    client = login(world.counsellor)
    response = client.post(f"{NEW}?student={world.student.pk}", post_data(world))
    assert response.status_code == 302
    assert response["Location"] == f"/students/{world.student.pk}/"
    session = GuidanceSession.objects.latest("pk")
    assert session.summary == "Wil na de BPV doorstromen naar niveau 4."
    assert session.comp_motives and session.comp_networking
    assert sorted(session.follow_ups.values_list("description", flat=True)) == [
        "Mentor BPV bellen", "Open dag inplannen"]
    page = client.get(response["Location"]).content.decode()
    assert "Wil na de BPV doorstromen" in page and "Mentor BPV bellen" in page


def test_blank_follow_up_rows_are_skipped(login, world):
    data = post_data(world, **{"fu-1-description": "", "fu-1-due_date": ""})
    login(world.counsellor).post(NEW, data)
    assert GuidanceSession.objects.latest("pk").follow_ups.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"held_at": (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")},
         "held_at", "day after today"),
        ({"duration_minutes": "0"}, "duration_minutes", "between 1 minute and 8 hours"),
        ({"duration_minutes": "500"}, "duration_minutes", "between 1 minute and 8 hours"),
        ({"held_at": "gisteren"}, "held_at", ""),
    ],
)
def test_bad_session_input_is_shown_at_the_field_and_nothing_is_saved(
    login, world, overrides, field, message
):

    before = counts()
    response = login(world.counsellor).post(NEW, post_data(world, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert counts() == before
    # What was typed is still there.
    assert "Wil na de BPV doorstromen naar niveau 4." in response.content.decode()


def test_follow_up_due_before_the_session_is_shown_at_its_row(login, world):
    before = counts()
    held = timezone.localtime() - datetime.timedelta(days=3)
    response = login(world.counsellor).post(NEW, post_data(
        world, held_at=held.strftime("%Y-%m-%dT%H:%M"),
        **{"fu-1-due_date": (held.date() - datetime.timedelta(days=1)).isoformat()},
    ))
    row = response.context["formset"].forms[1]
    assert "The due date cannot be before the session." in row.errors["due_date"]
    assert counts() == before


@pytest.mark.parametrize("owner", ["hr", "outsider", "director"])
def test_follow_up_owner_who_is_not_staff_of_the_team_is_refused(login, world, owner):
    before = counts()
    response = login(world.counsellor).post(
        NEW, post_data(world, **{"fu-0-owner": getattr(world, owner).pk}))
    row = response.context["formset"].forms[0]
    assert "The owner must be a staff member of the student's team." in row.errors["owner"]
    assert counts() == before


def test_unknown_owner_id_is_refused_with_the_same_message(login, world):
    response = login(world.counsellor).post(NEW, post_data(world, **{"fu-0-owner": 999999}))
    row = response.context["formset"].forms[0]
    assert "The owner must be a staff member of the student's team." in row.errors["owner"]


@pytest.mark.parametrize("student", ["other_team_student", "foreign_student", None])
def test_student_outside_my_visibility_posted_by_id_is_refused(login, world, student):
    before = counts()
    pk = getattr(world, student).pk if student else 987654
    response = login(world.counsellor).post(NEW, post_data(world, student=pk))
    assert response.status_code == 200
    assert response.context["form"].errors["student"] == [
        "You cannot log a session for this student."]
    assert counts() == before


@pytest.mark.parametrize("value", ["abc", "-5", "0", "99999999999999999999", "1.5"])
def test_a_student_id_that_is_no_id_is_refused_at_the_field(login, world, value):
    before = counts()
    response = login(world.counsellor).post(NEW, post_data(world, student=value))
    assert response.status_code == 200
    assert response.context["form"].errors["student"] == [
        "You cannot log a session for this student."]
    assert counts() == before


def test_add_follow_up_without_javascript_keeps_what_was_typed(login, world):
    before = counts()
    data = post_data(world, add_follow_up="1", **{"fu-TOTAL_FORMS": "1"})
    data.pop("fu-1-description")
    response = login(world.counsellor).post(f"{NEW}?student={world.student.pk}", data)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 2
    html = response.content.decode()
    assert "Wil na de BPV doorstromen" in html and "Open dag inplannen" in html
    assert "invalid-feedback" not in html  # asking for a row is not an error
    assert counts() == before


def test_open_space_form_says_so_and_stores_the_answer(login, world):
    client = login(world.counsellor)
    page = client.get(f"{NEW}?student={world.student.pk}").content.decode()
    assert "open space where others may hear it" in page
    client.post(NEW, post_data(world, location="open_space", could_speak_freely="no"))
    assert GuidanceSession.objects.latest("pk").could_speak_freely is False


def test_session_post_does_few_queries(login, world, django_assert_max_num_queries):
    client = login(world.counsellor)
    client.get("/")  # warm up templates and the session
    with django_assert_max_num_queries(30):
        response = client.post(f"{NEW}?student={world.student.pk}", post_data(world))
    assert response.status_code == 302


# --- group sessions ---------------------------------------------------------------------------


def group_data(world, present):
    return {
        "kind": "group_lesson",
        "held_at": (timezone.localtime() - datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "50",
        "location": "private_room",
        "summary": "Les over kwaliteitenreflectie.",
        "present": [s.pk for s in present],
        "fu-TOTAL_FORMS": "1", "fu-INITIAL_FORMS": "0",
        "fu-0-description": "", "fu-0-owner": world.counsellor.pk, "fu-0-due_date": "",
    }


def test_group_session_marks_absent_and_shows_on_both_timelines(login, world):
    client = login(world.counsellor)
    form = client.get(f"/students/groups/{world.group.pk}/sessions/new/").context["form"]
    assert set(form["present"].value()) == {str(world.student.pk), str(world.team_student.pk)}
    response = client.post(f"/students/groups/{world.group.pk}/sessions/new/",
                           group_data(world, [world.student]))
    assert response.status_code == 302
    session = GuidanceSession.objects.latest("pk")
    assert session.group == world.group
    present_page = client.get(f"/students/{world.student.pk}/").content.decode()
    assert "Les over kwaliteitenreflectie." in present_page
    absent_page = client.get(f"/students/{world.team_student.pk}/").content.decode()
    assert 'data-testid="absent"' in absent_page
    assert "Les over kwaliteitenreflectie." not in absent_page  # absent: no content shown


def test_group_session_with_nobody_present_is_refused(login, world):
    before = counts()
    response = login(world.counsellor).post(
        f"/students/groups/{world.group.pk}/sessions/new/", group_data(world, []))
    assert "Mark at least one student as present." in response.context["form"].errors["present"]
    assert counts() == before


def test_group_session_cannot_smuggle_in_another_student(login, world):
    before = counts()
    data = group_data(world, [world.student])
    data["present"].append(world.other_team_student.pk)
    response = login(world.counsellor).post(
        f"/students/groups/{world.group.pk}/sessions/new/", data)
    assert response.context["form"].errors["present"]
    assert counts() == before


def _group_session(client, world, present):
    client.post(f"/students/groups/{world.group.pk}/sessions/new/", group_data(world, present))
    return GuidanceSession.objects.latest("pk")


def _present(session) -> set[int]:
    return set(SessionAttendance.objects.filter(session=session, present=True)
               .values_list("student_id", flat=True))


def test_a_group_sessions_attendance_is_corrected_in_the_edit_window(login, world):
    client = login(world.counsellor)
    session = _group_session(client, world, [world.student])
    edit = f"/students/sessions/{session.pk}/edit/"
    assert client.get(edit).context["form"]["present"].value() == [str(world.student.pk)]
    data = edit_data(session, summary=session.summary, duration_minutes=session.duration_minutes)
    data["present"] = [world.student.pk, world.team_student.pk]
    assert client.post(edit, data).status_code == 302
    assert _present(session) == {world.student.pk, world.team_student.pk}
    revision = SessionRevision.objects.get(session=session)
    assert revision.changes == {"attendance": [
        str(world.student.pk),
        ",".join(str(pk) for pk in sorted([world.student.pk, world.team_student.pk]))]}
    history = client.get(f"/students/sessions/{session.pk}/").content.decode()
    history = history[history.index('data-testid="revisions"'):]
    assert f"Present: <del>{world.student.full_name}</del> → " in history
    assert world.team_student.full_name in history
    # Now present, the student's page shows what was discussed.
    assert "Les over kwaliteitenreflectie." in client.get(
        f"/students/{world.team_student.pk}/").content.decode()


@pytest.mark.parametrize("case", ["nobody", "outsider", "absent_with_follow_up"])
def test_an_attendance_correction_that_cannot_be_is_refused_at_the_field(login, world, case):
    client = login(world.counsellor)
    session = _group_session(client, world, [world.student, world.team_student])
    FollowUp.objects.create(session=session, student=world.team_student, owner=world.counsellor,
                            description="Stage zoeken", due_date=timezone.localdate())
    data = edit_data(session, summary=session.summary, duration_minutes=session.duration_minutes)
    data["present"] = {"nobody": [], "outsider": [world.student.pk, world.other_team_student.pk],
                       "absent_with_follow_up": [world.student.pk]}[case]
    response = client.post(f"/students/sessions/{session.pk}/edit/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["present"]
    assert _present(session) == {world.student.pk, world.team_student.pk}
    assert not SessionRevision.objects.filter(session=session).exists()


# --- edit window and amendments ---------------------------------------------------------------


def edit_data(session, **overrides):
    data = {
        "kind": session.kind, "duration_minutes": "40", "location": session.location,
        "held_at": timezone.localtime(session.held_at).strftime("%Y-%m-%dT%H:%M"),
        "summary": "Aangevuld verslag.", "agreements": session.agreements,
    }
    data.update(overrides)
    return data


def test_author_edits_within_seven_days_and_history_is_shown(login, world):
    client = login(world.counsellor)
    response = client.post(f"/students/sessions/{world.session.pk}/edit/", edit_data(world.session))
    assert response.status_code == 302
    revision = SessionRevision.objects.get(session=world.session)
    assert revision.changes["summary"][1] == "Aangevuld verslag."
    page = client.get(f"/students/sessions/{world.session.pk}/").content.decode()
    assert 'data-testid="revisions"' in page


def test_edit_refuses_bad_input_at_the_field(login, world):
    response = login(world.counsellor).post(
        f"/students/sessions/{world.session.pk}/edit/",
        edit_data(world.session, duration_minutes="0"))
    assert response.status_code == 200
    assert response.context["form"].errors["duration_minutes"]
    assert not SessionRevision.objects.exists()


def test_locked_session_sends_the_author_to_amendments(login, world):
    client = login(world.counsellor)
    response = client.post(f"/students/sessions/{world.locked_session.pk}/edit/",
                           edit_data(world.locked_session))
    assert response.status_code == 302
    assert not SessionRevision.objects.exists()
    page = client.get(f"/students/sessions/{world.locked_session.pk}/").content.decode()
    assert 'data-testid="locked"' in page and "amend/" in page
    client.post(f"/students/sessions/{world.locked_session.pk}/amend/",
                {"text": "Correctie: student was 10 minuten te laat."})
    page = client.get(f"/students/sessions/{world.locked_session.pk}/").content.decode()
    assert "Correctie: student was 10 minuten te laat." in page


def test_empty_amendment_is_refused(login, world):
    response = login(world.counsellor).post(
        f"/students/sessions/{world.locked_session.pk}/amend/", {"text": " "})
    assert response.status_code == 400
    assert not world.locked_session.amendments.exists()
