"""Counsellor continuity: managers assign or change counsellors; a handover note travels along."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from students import services
from students.models import CounsellorAssignment
from tests.factories.students import StudentFactory


def current(student):
    return CounsellorAssignment.objects.get(student=student, end_date__isnull=True)


def test_manager_changes_the_counsellor_with_a_handover_note(world):
    today = timezone.localdate()
    old = current(world.student)
    assert services.counsellor_assign(by=world.manager, student=world.student,
                                      counsellor=world.colleague,
                                      handover_note="Let op: twijfelt over BPV.")
    old.refresh_from_db()
    assert old.end_date == max(old.start_date, today - datetime.timedelta(days=1))
    new = current(world.student)
    assert (new.counsellor, new.start_date, new.created_by) == (world.colleague, today,
                                                                world.manager)
    assert new.handover_note == "Let op: twijfelt over BPV."


def test_change_without_a_handover_note_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        services.counsellor_assign(by=world.manager, student=world.student,
                                   counsellor=world.colleague, handover_note="  ")
    assert "handover_note" in excinfo.value.message_dict
    assert current(world.student).counsellor == world.counsellor


def test_first_assignment_needs_no_note(world):
    assert services.counsellor_assign(by=world.manager, student=world.team_student,
                                      counsellor=world.colleague)
    assert current(world.team_student).handover_note == ""


def test_same_counsellor_again_changes_nothing(world):
    assert not services.counsellor_assign(by=world.manager, student=world.student,
                                          counsellor=world.counsellor)
    assert CounsellorAssignment.objects.filter(student=world.student).count() == 1


@pytest.mark.parametrize("by", ["counsellor", "care_coordinator", "other_manager", "director"])
def test_only_the_teams_manager_assigns(world, by):
    with pytest.raises(PermissionDenied):
        services.counsellor_assign(by=getattr(world, by), student=world.student,
                                   counsellor=world.colleague, handover_note="x")


@pytest.mark.parametrize("who", ["outsider", "care_coordinator", "hr"])
def test_new_counsellor_must_be_a_counsellor_of_the_team(world, who):
    with pytest.raises(ValidationError) as excinfo:
        services.counsellor_assign(by=world.manager, student=world.student,
                                   counsellor=getattr(world, who), handover_note="x")
    assert "counsellor" in excinfo.value.message_dict


def test_whole_group_changes_counsellor_in_one_go(world):
    newcomer = StudentFactory(programme=world.programme)
    world.group.students.add(newcomer)
    changed = services.group_counsellor_assign(by=world.manager, group=world.group,
                                               counsellor=world.colleague,
                                               handover_note="Groep overgenomen.")
    assert changed == 3
    world.group.refresh_from_db()
    assert world.group.counsellor == world.colleague
    for student in (world.student, world.team_student, newcomer):
        assert current(student).counsellor == world.colleague
    assert current(world.student).handover_note == "Groep overgenomen."
    assert current(newcomer).handover_note == ""
    assert CounsellorAssignment.objects.filter(student=world.student).count() == 2


def test_group_change_needs_a_note_when_someone_had_a_counsellor(world):
    with pytest.raises(ValidationError):
        services.group_counsellor_assign(by=world.manager, group=world.group,
                                         counsellor=world.colleague)
    world.group.refresh_from_db()
    assert world.group.counsellor == world.counsellor
    assert current(world.student).counsellor == world.counsellor
