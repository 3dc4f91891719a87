"""Follow-ups: close, hand over, add — every change recorded, no lost updates."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from students import services
from students.models import FollowUp, FollowUpChange, FollowUpStatus
from students.services import FollowUpInput


def test_marking_done_records_who_and_when(world):
    services.follow_up_close(follow_up=world.follow_up, by=world.counsellor, status="done",
                             note="Gebeld")
    world.follow_up.refresh_from_db()
    assert world.follow_up.status == FollowUpStatus.DONE
    assert world.follow_up.done_at is not None and world.follow_up.closing_note == "Gebeld"
    change = FollowUpChange.objects.get(follow_up=world.follow_up)
    assert (change.action, change.changed_by, change.note) == ("done", world.counsellor, "Gebeld")


def test_cancelling_needs_a_note(world):
    with pytest.raises(ValidationError) as excinfo:
        services.follow_up_close(follow_up=world.follow_up, by=world.counsellor,
                                 status="cancelled", note=" ")
    assert "note" in excinfo.value.message_dict
    world.follow_up.refresh_from_db()
    assert world.follow_up.is_open and not FollowUpChange.objects.exists()


def test_second_close_loses_and_says_so(world):
    stale = FollowUp.objects.get(pk=world.follow_up.pk)
    services.follow_up_close(follow_up=world.follow_up, by=world.counsellor, status="done")
    with pytest.raises(ValidationError) as excinfo:
        services.follow_up_close(follow_up=stale, by=world.manager, status="cancelled",
                                 note="dubbel")
    assert excinfo.value.code == "stale"
    assert FollowUpChange.objects.filter(follow_up=world.follow_up).count() == 1
    world.follow_up.refresh_from_db()
    assert world.follow_up.status == FollowUpStatus.DONE


def test_hand_over_to_a_colleague_is_recorded(world):
    services.follow_up_handover(follow_up=world.follow_up, by=world.counsellor,
                                owner=world.colleague, note="Jij ziet haar dinsdag")
    world.follow_up.refresh_from_db()
    assert world.follow_up.owner == world.colleague
    change = FollowUpChange.objects.get(follow_up=world.follow_up)
    assert (change.action, change.from_owner, change.to_owner) == (
        "handed_over", world.counsellor, world.colleague)


@pytest.mark.parametrize("owner_name", ["outsider", "hr", "director", "foreign"])
def test_hand_over_only_within_the_team(world, owner_name):
    with pytest.raises(ValidationError) as excinfo:
        services.follow_up_handover(follow_up=world.follow_up, by=world.counsellor,
                                    owner=getattr(world, owner_name))
    assert "owner" in excinfo.value.message_dict
    world.follow_up.refresh_from_db()
    assert world.follow_up.owner == world.counsellor


def test_hand_over_of_a_closed_follow_up_conflicts(world):
    stale = FollowUp.objects.get(pk=world.follow_up.pk)
    services.follow_up_close(follow_up=world.follow_up, by=world.counsellor, status="done")
    with pytest.raises(ValidationError) as excinfo:
        services.follow_up_handover(follow_up=stale, by=world.counsellor, owner=world.colleague)
    assert excinfo.value.code == "stale"


def test_follow_up_added_to_an_existing_session(world):
    due = timezone.localdate() + datetime.timedelta(days=3)
    follow_up = services.follow_up_add(
        session=world.session, by=world.counsellor,
        item=FollowUpInput("Cv nakijken", world.care_coordinator, due),
    )
    assert follow_up.student == world.student and follow_up.owner == world.care_coordinator
    assert follow_up.changes.get().action == "created"


def test_follow_up_of_a_group_session_names_a_present_student(world):
    session = services.session_log(
        counsellor=world.counsellor, group=world.group, present=[world.student],
        content=services.SessionContent(held_at=timezone.now(), duration_minutes=50,
                                        kind="group_lesson", location="private_room"),
    )
    due = timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        services.follow_up_add(session=session, by=world.counsellor,
                               item=FollowUpInput("x", world.counsellor, due))
    assert "follow_ups.0.student" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        services.follow_up_add(session=session, by=world.counsellor,
                               item=FollowUpInput("x", world.counsellor, due,
                                                  student=world.team_student))  # absent
    ok = services.follow_up_add(session=session, by=world.counsellor,
                                item=FollowUpInput("x", world.counsellor, due,
                                                   student=world.student))
    assert ok.student == world.student


def test_overdue_is_open_and_past_its_due_date(world):
    today = timezone.localdate()
    world.follow_up.due_date = today - datetime.timedelta(days=1)
    assert world.follow_up.is_overdue(today)
    world.follow_up.due_date = today
    assert not world.follow_up.is_overdue(today)
