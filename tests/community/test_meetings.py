"""Intervisie and work meetings: planned with invitees of the college, recorded with who came
(hours on their development plan), agreements, materials and anonymised cases."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lob.community import services
from lob.community.models import Meeting, MeetingCase
from staff.models import Training
from tests.factories.staff import CycleFactory


@pytest.fixture
def world(world_once_per_module):
    return world_once_per_module


def _record(client, world, present, cases=(), version=None, agreements="Afspraak"):
    data = {"present": [u.pk for u in present], "agreements": agreements, "materials": [],
            "version": version or world.meeting.version,
            "case-TOTAL_FORMS": "3", "case-INITIAL_FORMS": "0", "case-MIN_NUM_FORMS": "0",
            "case-MAX_NUM_FORMS": "20"}
    for i, (description, student) in enumerate(cases):
        data[f"case-{i}-description"] = description
        data[f"case-{i}-student"] = student.pk if student else ""
    return client.post(f"/community/meetings/{world.meeting.pk}/record/", data)


def test_planning_invites_colleagues_grouped_by_team(world, login):
    client = login(world.counsellor)
    form = client.get("/community/meetings/new/").context["form"]
    groups = dict(form.fields["invitees"].choices)
    assert set(groups) == {"Zorg", "Techniek"}  # college A's teams only
    assert any(world.colleague.email in label for _pk, label in groups["Zorg"])
    starts = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post("/community/meetings/new/", {
        "kind": "intervision", "title": "Intervisie januari", "team": world.team.pk,
        "starts_at": starts, "duration_minutes": "90", "location": "B2.14",
        "invitees": [world.colleague.pk, world.outsider.pk, world.foreign.pk]})
    assert response.status_code == 200  # college B's colleague is not a choice
    assert "invitees" in response.context["form"].errors
    client.post("/community/meetings/new/", {
        "kind": "intervision", "title": "Intervisie januari", "team": world.team.pk,
        "starts_at": starts, "duration_minutes": "90", "location": "B2.14",
        "invitees": [world.colleague.pk, world.outsider.pk]})
    meeting = Meeting.objects.get(title="Intervisie januari")
    assert set(meeting.attendances.values_list("user_id", flat=True)) == {
        world.counsellor.pk, world.colleague.pk, world.outsider.pk}


def test_recording_puts_the_hours_on_the_development_plans_of_who_came(world, login):
    cycle = CycleFactory(employee=world.colleague, manager=world.manager, team=world.team)
    client = login(world.counsellor)
    assert _record(client, world, [world.counsellor, world.colleague]).status_code == 302
    training = Training.objects.get(cycle=cycle)
    assert (training.area, training.status, training.hours) == (
        "intervision", "completed", Decimal("1.5"))
    # Recorded again without the colleague: the entry goes with the attendance.
    world.meeting.refresh_from_db()
    assert _record(client, world, [world.counsellor],
                   version=world.meeting.version).status_code == 302
    assert not Training.objects.filter(cycle=cycle).exists()


def test_a_stale_record_form_changes_nothing(world, login):
    client = login(world.counsellor)
    _record(client, world, [world.counsellor], agreements="Eerste versie")
    response = _record(client, world, [world.counsellor], version=1, agreements="Oude tab")
    assert response.status_code == 200
    world.meeting.refresh_from_db()
    assert world.meeting.agreements == "Eerste versie"


def test_cases_are_anonymous_unless_the_meeting_is_within_the_students_team(world, login):
    client = login(world.counsellor)
    assert _record(client, world, [world.counsellor],
                   cases=[("Twijfelt over de opleiding.", world.student)]).status_code == 302
    assert MeetingCase.objects.get().student == world.student
    # Across teams: nobody can be named.
    world.meeting.team = None
    world.meeting.save()
    with pytest.raises(ValidationError):
        services.meeting_record(meeting=world.meeting, by=world.counsellor, version=None,
                                present_ids=set(), agreements="",
                                cases=[("Naam genoemd", world.student)])
    # And a student of another team is never offered.
    world.meeting.team = world.team
    world.meeting.save()
    with pytest.raises(ValidationError):
        services.meeting_record(meeting=world.meeting, by=world.counsellor, version=None,
                                present_ids=set(), agreements="",
                                cases=[("Andere student", world.other_team_student)])


def test_only_the_organiser_records(world, login):
    assert login(world.colleague).get(
        f"/community/meetings/{world.meeting.pk}/record/").status_code == 404
