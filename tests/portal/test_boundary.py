"""The portal's foundation: who is a portal account, what such an account may open, and which
student it sees."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from staff.services import role_grant
from students.selectors.portal import guardian_students, portal_student
from tests.factories.students import (
    AssignmentFactory,
    StudentFactory,
    guardian_account,
)


@pytest.fixture
def world(world_once_per_module):
    return world_once_per_module


def test_portal_accounts_are_portal_users_and_staff_are_not(world):
    assert world.student_account.is_portal_user
    assert world.guardian_account.is_portal_user
    assert not world.counsellor.is_portal_user
    assert not world.admin.is_portal_user


def test_a_student_account_sees_its_own_counsellor_and_nothing_of_others(world, login):
    html = login(world.student_account).get("/portal/").content.decode()
    assert "Sanne" in html
    assert world.counsellor.email in html
    assert world.outsider.email not in html


def test_a_student_who_left_has_no_portal_record(world):
    world.student.status = "dropped_out"
    world.student.end_date = datetime.date(2026, 11, 1)
    world.student.save()
    assert portal_student(world.student_account) is None


def test_a_guardian_sees_a_minor_but_not_an_adult_child(world, login):
    # Sanne is 19: her parent's account shows nothing of her without her consent.
    assert list(guardian_students(world.guardian_account)) == []
    minor = StudentFactory(programme=world.programme, first_name="Milan",
                           date_of_birth=datetime.date(2010, 3, 1))
    AssignmentFactory(student=minor, counsellor=world.counsellor)
    parent = guardian_account(minor, email="parent.milan@example.test")
    assert list(guardian_students(parent)) == [minor]
    html = login(parent).get("/portal/").content.decode()
    assert "Milan" in html and "Sanne" not in html


def test_a_guardian_account_of_another_college_sees_nothing(world):
    parent = guardian_account(world.foreign_student, email="parent.noord@example.test")
    parent.college = world.college  # a bad row: the account's college bounds everything
    parent.save()
    assert list(guardian_students(parent, today=datetime.date(2020, 1, 1))) == []


# (The notification list is a portal page since appointments notify students: it lists only the
# account's own notifications.)
@pytest.mark.parametrize("path", ["/students/", "/dashboards/", "/staff/cycles/", "/lec/",
                                  "/privacy/requests/"])
def test_a_portal_account_gets_403_on_staff_pages(world, login, path):
    client = login(world.student_account)
    assert client.get(path).status_code == 403


def test_home_sends_a_portal_account_to_the_portal(world, login):
    response = login(world.guardian_account).get("/")
    assert response.status_code == 302 and response["Location"] == "/portal/"


def test_portal_roles_are_never_granted_to_a_staff_account(world):
    with pytest.raises(ValueError):
        role_grant(user=world.counsellor, role="student")
    with pytest.raises(ValidationError):
        role_grant(user=world.counsellor, role="lec_worker")


def test_one_account_is_never_the_account_of_two_students(world):
    from django.db import IntegrityError, transaction

    world.team_student.account = world.student_account
    with pytest.raises(IntegrityError), transaction.atomic():
        world.team_student.save()
