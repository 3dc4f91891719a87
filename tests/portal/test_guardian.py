"""Parents and guardians: under 18 they see the counsellor's contact and the agreements shared
with parents; from 18 only while the student allows it, stopped at once; every grant and revoke
logged; never LEC content, internal summaries or another student."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from students.models import GuardianAccessChange
from students.selectors.portal import guardian_students
from tests.factories.students import (
    AssignmentFactory,
    StudentFactory,
    guardian_account,
    session_with,
)
from tests.lec.world import CANARY
from tests.portal.world import (
    INTERNAL_CANARY,
    SHARED_AGREEMENTS,
    STUDENT_ONLY_AGREEMENTS,
    add_actiepunten,
)


@pytest.fixture
def world(world_once_per_module):
    add_actiepunten(world_once_per_module)
    return world_once_per_module


def _seventeen_today(today: datetime.date) -> datetime.date:
    """A birth date that makes a student 17 today and 18 in 30 days."""
    eighteenth = today + datetime.timedelta(days=30)
    return eighteenth.replace(year=eighteenth.year - 18)


@pytest.fixture
def minor(world):
    student = StudentFactory(programme=world.programme, first_name="Milan", last_name="Bos",
                             date_of_birth=_seventeen_today(timezone.localdate()))
    AssignmentFactory(student=student, counsellor=world.counsellor)
    session_with(student, counsellor=world.counsellor,
                           summary=f"Intern {INTERNAL_CANARY}",
                           shared_summary="Alleen voor Milan.",
                           shared_agreements="Milan zoekt een stageplek.",
                           shared_with_guardians=True)
    session_with(student, counsellor=world.counsellor,
                 shared_agreements="Niet voor ouders.", shared_with_guardians=False)
    student.parent = guardian_account(student, email="ouder.bos@example.test",
                                      first_name="Kees", last_name="Bos")
    return student


def test_the_guardian_of_a_minor_sees_contact_and_shared_agreements_only(world, login, minor):
    client = login(minor.parent)
    assert b"Milan" in client.get("/portal/").content
    html = client.get(f"/portal/child/{minor.pk}/").content.decode()
    assert world.counsellor.email in html
    assert "Milan zoekt een stageplek." in html
    assert "Niet voor ouders." not in html
    assert "Alleen voor Milan." not in html  # the summary for the student is the student's
    assert INTERNAL_CANARY not in html


def test_the_guardian_sees_nothing_once_the_student_turns_18_without_granting(world, login,
                                                                              minor):
    client = login(minor.parent)
    assert client.get(f"/portal/child/{minor.pk}/").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        client = login(minor.parent)  # a month on: a new session
        assert client.get(f"/portal/child/{minor.pk}/").status_code == 404
        assert b"Milan" not in client.get("/portal/").content


def test_an_adult_student_grants_and_revokes_and_each_change_is_logged(world, login, client):
    parent = world.guardian_account
    assert list(guardian_students(parent)) == []  # Sanne is 19
    student_client = login(world.student_account)
    page = student_client.get("/portal/parents/").content.decode()
    assert "Petra de Vries" in page
    student_client.post(f"/portal/parents/{world.guardian.pk}/access/", {"action": "grant"})
    assert list(guardian_students(parent)) == [world.student]

    login(parent)
    html = client.get(f"/portal/child/{world.student.pk}/").content.decode()
    assert SHARED_AGREEMENTS in html
    assert STUDENT_ONLY_AGREEMENTS not in html  # not marked shared with parents
    assert INTERNAL_CANARY not in html and CANARY not in html

    login(world.student_account)
    client.post(f"/portal/parents/{world.guardian.pk}/access/", {"action": "revoke"})
    # At once: the parent's very next page.
    login(parent)
    assert client.get(f"/portal/child/{world.student.pk}/").status_code == 404
    log = list(GuardianAccessChange.objects.filter(student=world.student)
               .values_list("action", "by_id", "guardian_id"))
    assert log == [("granted", world.student_account.pk, world.guardian.pk),
                   ("revoked", world.student_account.pk, world.guardian.pk)]


def test_granting_twice_logs_once(world, login):
    client = login(world.student_account)
    for _ in range(2):
        client.post(f"/portal/parents/{world.guardian.pk}/access/", {"action": "grant"})
    assert GuardianAccessChange.objects.filter(student=world.student).count() == 1


def test_a_guardian_never_sees_another_student_or_the_lec(world, login, minor):
    client = login(minor.parent)
    assert client.get(f"/portal/child/{world.student.pk}/").status_code == 404
    assert client.get(f"/portal/child/{world.foreign_student.pk}/").status_code == 404
    # A guardian has no student pages, no LEC form, no data download of a student.
    for path in ("/portal/lec/", "/portal/parents/", "/portal/my-data/",
                 f"/portal/actiepunten/{world.actiepunt.pk}/done/"):
        assert client.get(path).status_code in (403, 405), path
    assert client.get(f"/students/{minor.pk}/").status_code == 403
    assert client.get(f"/lec/{world.referral.pk}/").status_code == 403
