"""Students and guardians in the subject-access export and the erasure: the portal's records
are found by the model graph, and an erased student's portal accounts are closed for good."""

import pytest

from lob.portal.models import SignInLink
from lob.portal.services import sign_in_link_request
from lob.privacy import graph
from lob.privacy.erasure import erase_records
from lob.privacy.export import build
from staff.models import User
from students.models import Guardian, GuardianAccessChange
from students.services.portal import guardian_access_grant
from tests.factories.students import StudentFactory


@pytest.fixture
def world(world_once_per_module):
    return world_once_per_module


def test_the_graph_covers_guardians_and_their_consent_log():
    labels = {sm.label for sm in graph.subject_models()}
    assert {"students.guardian", "students.guardianaccesschange"} <= labels
    assert graph.subject_model("students.guardian").kind == "first_line"


def test_the_export_holds_the_guardians_the_consent_log_and_the_portal_account(world):
    guardian_access_grant(guardian=world.guardian, by=world.student_account)
    export = build(world.student, world.admin)
    sections = {s.label: s for s in export["sections"]}
    assert sections["students.guardian"].rows[0]["last_name"] == "de Vries"
    assert sections["students.guardianaccesschange"].rows[0]["action"] == "granted"
    assert export["student"]["portal_account"]["email"] == "sanne@student.west.test"


def test_a_full_erasure_closes_the_students_and_the_guardians_accounts(world):
    sign_in_link_request(email="sanne@student.west.test")
    guardian_access_grant(guardian=world.guardian, by=world.student_account)
    erase_records(world.student)
    for user in (world.student_account, world.guardian_account):
        user = User.objects.get(pk=user.pk)
        assert not user.is_active and not user.has_usable_password()
        assert "sanne" not in user.email and "devries" not in user.email
        assert user.first_name == "—" and not user.groups.exists()
    assert not SignInLink.objects.exists()
    assert not Guardian.objects.filter(student_id=world.student.pk).exists()
    assert not GuardianAccessChange.objects.filter(student_id=world.student.pk).exists()


def test_a_guardian_of_another_student_keeps_their_account(world):
    sibling = StudentFactory(programme=world.programme)
    Guardian.objects.create(student=sibling, last_name="de Vries", account=world.guardian_account)
    erase_records(world.student)
    parent = User.objects.get(pk=world.guardian_account.pk)
    assert parent.is_active and parent.email == "ouder.devries@example.test"


def test_retention_of_first_line_records_closes_an_orphaned_guardian_account(world):
    erase_records(world.student, kinds={"first_line"})
    assert not User.objects.get(pk=world.guardian_account.pk).is_active
    # The student's own account goes with the student (a full erasure), not with one kind.
    assert User.objects.get(pk=world.student_account.pk).is_active
