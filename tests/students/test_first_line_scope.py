"""Who reads a student's first-line records: the same answer from the scoped list, from the
student page's read, from the single-student checks, and from the rule written out here."""

import datetime

import pytest
from django.utils import timezone

from students.models import CounsellorAssignment, GuidanceSession, Student
from students.selectors import (
    can_read_first_line,
    first_line_students,
    is_visible_to,
    reads_whole_team,
    session_scope,
    student_for_user,
    student_page_for_user,
)
from tests.factories.staff import member
from tests.factories.students import AssignmentFactory, session_with

pytestmark = pytest.mark.django_db

PERSONAS = ["counsellor", "colleague", "outsider", "foreign", "care_coordinator", "manager",
            "other_manager", "lec_worker", "lec_lead", "hr", "director", "admin"]


def _own(user) -> set[int]:
    """The rule: students of the teams the user works in, plus their own current caseload."""
    teams = set(user.memberships.values_list("team_id", flat=True))
    by_team = set(Student.objects.filter(programme__team_id__in=teams).values_list("pk", flat=True))
    caseload = set(CounsellorAssignment.objects.filter(
        counsellor=user, end_date__isnull=True).values_list("student_id", flat=True))
    return by_team | caseload


@pytest.fixture
def mixed(world):
    """A director who also manages a team, and an LEC worker with a caseload of one."""
    member(world.director, world.other_team, "manager")
    AssignmentFactory(student=world.team_student, counsellor=world.lec_worker)
    for user in (world.director, world.lec_worker):
        user.forget_roles()
    return world


@pytest.mark.parametrize("persona", PERSONAS)
def test_first_line_is_the_visible_own_students(mixed, persona):
    user = getattr(mixed, persona)
    visible = set(Student.objects.visible_to(user).values_list("pk", flat=True))
    readers = set(first_line_students(user).values_list("pk", flat=True))
    assert readers == visible & _own(user)
    for pk in Student.objects.values_list("pk", flat=True):
        if pk not in visible:
            continue
        student = student_for_user(user, pk)
        assert is_visible_to(user, student)
        assert can_read_first_line(user, student) == (pk in readers)
        assert student_page_for_user(user, pk) == (student, pk in readers)


@pytest.mark.parametrize("persona", PERSONAS)
def test_reads_whole_team_only_where_every_student_of_the_team_is_readable(mixed, persona):
    """A team page may skip the per-record test only for a reader of all the team's students:
    the members of the team in its own college (issue 14: the follow-up drill-down)."""
    user = getattr(mixed, persona)
    readers = set(first_line_students(user).values_list("pk", flat=True))
    member_of = set(user.memberships.values_list("team_id", flat=True))
    for team in (mixed.team, mixed.other_team, mixed.foreign_team):
        students = set(Student.objects.filter(programme__team=team).values_list("pk", flat=True))
        assert students, team
        answer = reads_whole_team(user, team)
        assert answer == (team.pk in member_of and team.college_id == user.college_id)
        if answer:
            assert students <= readers


def test_reads_whole_team_refuses_an_inactive_member(mixed):
    mixed.counsellor.is_active = False
    assert not reads_whole_team(mixed.counsellor, mixed.team)


def test_college_wide_roles_read_only_their_own_team_and_caseload(mixed):
    assert set(first_line_students(mixed.director).values_list("pk", flat=True)) == {
        mixed.other_team_student.pk}
    assert set(first_line_students(mixed.lec_worker).values_list("pk", flat=True)) == {
        mixed.team_student.pk}
    assert set(first_line_students(mixed.hr).values_list("pk", flat=True)) == set()


def test_session_scope_within_a_window_reads_that_windows_attendances_only(world):
    """`held` bounds the readable-student test (issue 14: the drill-down read five years of
    attendances); the answer within the window is the same, outside it only the author's."""
    now = timezone.now()
    window = (now - datetime.timedelta(days=30), now)
    inside = session_with(world.student, counsellor=world.colleague,
                          held_at=now - datetime.timedelta(days=2))
    before = session_with(world.student, counsellor=world.colleague,
                          held_at=now - datetime.timedelta(days=60))
    authored_before = session_with(world.student, counsellor=world.counsellor,
                                   held_at=now - datetime.timedelta(days=60))
    sessions = GuidanceSession.objects.filter(pk__in=[inside.pk, before.pk, authored_before.pk])
    for reader in (world.counsellor, world.manager):
        assert set(session_scope(sessions, reader)) == {inside, before, authored_before}
        in_window = sessions.filter(held_at__gte=window[0], held_at__lt=window[1])
        assert set(session_scope(in_window, reader, held=window)) == set(
            session_scope(in_window, reader))
    assert set(session_scope(sessions, world.manager, held=window)) == {inside}
    assert set(session_scope(sessions, world.counsellor, held=window)) == {inside, authored_before}
    assert set(session_scope(sessions, world.outsider, held=window)) == set()
