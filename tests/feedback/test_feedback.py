"""Student feedback: one answer per recent conversation of the student's own; counsellors and
teams see aggregates only, from LOB_AGGREGATE_MIN_GROUP answers up, never who answered what."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from common.schoolyear import school_year_of
from lob.appointments.models import Status
from lob.dashboards.pages.team import competencies_card, student_feedback_card
from lob.feedback import selectors, services
from lob.feedback.models import Answer
from tests.factories.portal_parts import appointment, reflection, slot
from tests.factories.students import StudentFactory, session_with

YEAR = school_year_of(timezone.localdate())


def test_a_student_answers_once_about_their_own_session(world, login):
    client = login(world.student_account)
    listed = client.get(reverse("feedback:list")).context["conversations"]
    assert ("session", world.session.pk) in {(c.kind, c.pk) for c in listed}
    url = reverse("feedback:answer", args=["session", world.session.pk])
    assert client.post(url, {"score": "4", "comment": "Fijn gesprek"}).status_code == 302
    answer = Answer.objects.get(student=world.student, session=world.session)
    assert (answer.score, answer.counsellor, answer.team) == (4, world.counsellor, world.team)
    # Asked once: no longer offered, a second answer is refused.
    assert client.get(url).status_code == 404
    with pytest.raises(ValidationError):
        services.answer_give(student=world.student, kind="session", pk=world.session.pk,
                             score=5)
    assert Answer.objects.filter(student=world.student).count() == 1


def test_a_score_outside_1_to_5_is_refused_and_nothing_saved(world, login):
    client = login(world.student_account)
    url = reverse("feedback:answer", args=["session", world.session.pk])
    response = client.post(url, {"score": "9"})
    assert response.status_code == 200 and response.context["form"].has_error("score")
    assert not Answer.objects.exists()


def test_group_sessions_old_sessions_and_others_sessions_are_not_offered(world):
    group = session_with(world.student, world.team_student, counsellor=world.counsellor)
    old = session_with(world.student, counsellor=world.counsellor,
                       held_at=timezone.now() - datetime.timedelta(days=60))
    offered = {(c.kind, c.pk) for c in selectors.open_conversations(world.student)}
    assert ("session", group.pk) not in offered
    assert ("session", old.pk) not in offered
    assert ("session", world.other_session.pk) not in offered


def test_a_held_appointment_is_asked_about_once_with_its_session(world):
    begun = world.begun_appointment
    type(begun).objects.filter(pk=begun.pk).update(status=Status.HELD,
                                                   closed_at=timezone.now())
    logged = session_with(world.student, counsellor=world.counsellor,
                          held_at=world.begun_slot.starts_at)
    offered = {(c.kind, c.pk) for c in selectors.open_conversations(world.student)}
    assert ("appointment", begun.pk) in offered
    assert ("session", logged.pk) not in offered


def _answers(world, n, *, counsellor=None):
    counsellor = counsellor or world.counsellor
    for i in range(n):
        student = StudentFactory(programme=world.programme, student_number=f"8{i:05d}")
        session = session_with(student, counsellor=counsellor)
        Answer.objects.create(student=student, session=session, counsellor=counsellor,
                              team=world.team, score=(i % 5) + 1, comment=f"Opmerking {i}")


def test_the_counsellor_sees_nothing_under_five_answers(world, login, settings):
    settings.LOB_AGGREGATE_MIN_GROUP = 5
    _answers(world, 4)
    page = login(world.counsellor).get(reverse("feedback:mine"))
    assert not page.context["aggregate"].shown
    assert "Opmerking" not in page.content.decode()


def test_the_counsellor_sees_their_own_aggregate_never_who_answered(world, login, settings):
    settings.LOB_AGGREGATE_MIN_GROUP = 5
    _answers(world, 5)
    _answers_by_colleague = Answer.objects.count()
    page = login(world.counsellor).get(reverse("feedback:mine"))
    aggregate = page.context["aggregate"]
    assert aggregate.shown and aggregate.answers == _answers_by_colleague == 5
    assert aggregate.mean == 3.0
    html = page.content.decode()
    assert "Opmerking 3" in html
    for answer in Answer.objects.select_related("student"):
        assert answer.student.last_name not in html
        assert answer.student.student_number not in html
    # A colleague has none of their own.
    assert not login(world.colleague).get(reverse("feedback:mine")).context["aggregate"].shown


def test_team_cards_show_aggregates_only_from_the_minimum_and_never_names(world, settings):
    from lob.dashboards.selectors import Filters
    from lob.dossier.models import Reflection
    from students.models import Student

    team_students = Student.objects.filter(programme__team=world.team, status="active")
    base = team_students.count()
    reflected = Reflection.objects.filter(student__in=team_students, competency="qualities") \
        .values("student").distinct().count()
    settings.LOB_AGGREGATE_MIN_GROUP = base + 3
    filters = Filters(YEAR, "", None, timezone.localdate())
    figures = type("F", (), {"team": world.team, "filters": filters})()
    # One student too few: no figures at all, only a note.
    assert not competencies_card(figures).table.rows
    assert "Te weinig" in competencies_card(figures).table.note
    for i in range(3):
        student = StudentFactory(programme=world.programme, student_number=f"7{i:05d}")
        if i < 2:
            reflection(student)
    card = competencies_card(figures)
    qualities = card.table.rows[0]
    assert [c.text for c in qualities[1:3]] == [str(base + 3), str(reflected + 2)]
    text = " ".join(c.text for row in card.table.rows for c in row)
    assert "Sanne" not in text and "de Vries" not in text
    settings.LOB_AGGREGATE_MIN_GROUP = 5
    _answers(world, 4)
    assert not student_feedback_card(figures).table.rows
    _answers_more = StudentFactory(programme=world.programme, student_number="799999")
    session = session_with(_answers_more, counsellor=world.counsellor)
    Answer.objects.create(student=_answers_more, session=session, counsellor=world.counsellor,
                          team=world.team, score=5)
    feedback = student_feedback_card(figures).table
    assert [row[1].text for row in feedback.rows] == ["1", "1", "1", "1", "1"]
    assert feedback.footer[1].text == "5"


def test_an_appointment_answer_counts_for_its_counsellor(world):
    held = appointment(slot(world.counsellor, starts_in=-datetime.timedelta(days=1)),
                       world.student, status=Status.HELD)
    services.answer_give(student=world.student, kind="appointment", pk=held.pk, score=5)
    answer = Answer.objects.get(appointment=held)
    assert answer.counsellor == world.counsellor and answer.team == world.team
