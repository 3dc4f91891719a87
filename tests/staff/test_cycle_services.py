"""Opening a cycle, meetings in order, assessments, and closed cycles staying closed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from staff import services
from staff.models import (
    CompetencyFramework,
    CycleMeeting,
    DevelopmentGoal,
    ManagerAssessment,
    ReviewCycle,
    SelfAssessment,
    Training,
)
from staff.selectors import cycle_competencies
from tests.staff.helpers import all_scores, close, days, record, today

pytestmark = pytest.mark.django_db


# --- opening --------------------------------------------------------------------------------


def test_a_manager_opens_a_cycle_for_a_team_member(world):
    cycle = services.cycle_open(manager=world.manager, employee=world.colleague,
                                school_year=world.school_year, role_profile="first_line")
    assert (cycle.team, cycle.framework, cycle.stage) == (world.team, world.framework, "pop")
    assert set(cycle.meetings.values_list("kind", flat=True)) == {"pop", "functioning", "appraisal"}


@pytest.mark.parametrize("who,message", [
    ("manager", "your own review cycle"),
    ("outsider", "member of a team you manage"),
    ("foreign", "member of a team you manage"),
    ("counsellor", "already has a review cycle"),
])
def test_opening_a_cycle_is_refused(world, who, message):
    before = ReviewCycle.objects.count()
    with pytest.raises(ValidationError, match=message):
        services.cycle_open(manager=world.manager, employee=getattr(world, who),
                            school_year=world.school_year)
    assert ReviewCycle.objects.count() == before


def test_a_year_far_away_is_refused(world):
    with pytest.raises(ValidationError, match="school year"):
        services.cycle_open(manager=world.manager, employee=world.colleague,
                            school_year=world.school_year + 3)


def test_without_a_framework_no_cycle_can_be_opened(world):
    CompetencyFramework.objects.filter(college=world.college).update(is_current=False)
    with pytest.raises(ValidationError, match="competency framework"):
        services.cycle_open(manager=world.manager, employee=world.colleague,
                            school_year=world.school_year)


# --- stage order ----------------------------------------------------------------------------


def test_meetings_are_recorded_in_order_and_the_appraisal_closes_the_cycle(world):
    cycle = world.cycle
    assert record(cycle, "pop").stage == "functioning"
    assert record(cycle, "functioning").stage == "appraisal"
    services.manager_assessment_save(cycle=cycle, actor=world.manager, scores=all_scores(cycle))
    closed = record(cycle, "appraisal", rating="good")
    assert closed.stage == "closed" and closed.closed_at and closed.appraisal_rating == "good"
    assert CycleMeeting.objects.filter(cycle=cycle, held_on=today()).count() == 3


@pytest.mark.parametrize("kind", ["functioning", "appraisal"])
def test_skipping_a_stage_is_refused(world, kind):
    with pytest.raises(ValidationError, match="Stages cannot be skipped"):
        record(world.cycle, kind, rating="good")
    world.cycle.refresh_from_db()
    assert world.cycle.stage == "pop"
    assert not CycleMeeting.objects.filter(cycle=world.cycle, held_on__isnull=False).exists()


def test_recording_a_meeting_twice_is_refused(world):
    record(world.cycle, "pop")
    with pytest.raises(ValidationError, match="already been recorded"):
        record(world.cycle, "pop")


def test_the_appraisal_needs_the_shared_manager_assessment(world):
    record(world.cycle, "pop")
    record(world.cycle, "functioning")
    with pytest.raises(ValidationError, match="Share your assessment"):
        record(world.cycle, "appraisal", rating="good")
    world.cycle.refresh_from_db()
    assert world.cycle.stage == "appraisal"


def test_the_appraisal_needs_a_rating(world):
    record(world.cycle, "pop")
    record(world.cycle, "functioning")
    services.manager_assessment_save(cycle=world.cycle, actor=world.manager,
                                     scores=all_scores(world.cycle))
    with pytest.raises(ValidationError) as exc:
        record(world.cycle, "appraisal", rating="brilliant")
    assert "rating" in exc.value.message_dict


def test_a_meeting_in_the_future_or_without_report_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.meeting_record(cycle=world.cycle, actor=world.manager, kind="pop",
                                held_on=days(1), report=" ")
    assert set(exc.value.message_dict) == {"held_on", "report"}
    world.cycle.refresh_from_db()
    assert world.cycle.stage == "pop"


def test_a_meeting_cannot_be_before_the_previous_one(world):
    services.meeting_record(cycle=world.cycle, actor=world.manager, kind="pop", held_on=today(),
                            report="POP")
    with pytest.raises(ValidationError, match="earlier than the previous"):
        services.meeting_record(cycle=world.cycle, actor=world.manager, kind="functioning",
                                held_on=days(-3), report="Functionering")


def test_only_the_cycles_manager_records_meetings(world):
    with pytest.raises(PermissionDenied):
        services.meeting_record(cycle=world.cycle, actor=world.counsellor, kind="pop",
                                held_on=today(), report="x")


def test_planning_in_the_past_is_refused(world):
    with pytest.raises(ValidationError, match="in the past"):
        services.meeting_plan(cycle=world.cycle, actor=world.manager, kind="pop",
                              planned_on=days(-1))


def test_planning_a_meeting(world):
    meeting = services.meeting_plan(cycle=world.cycle, actor=world.manager, kind="functioning",
                                    planned_on=days(30))
    assert meeting.planned_on == days(30)


# --- assessments ------------------------------------------------------------------------------


def test_the_self_assessment_covers_core_and_role_profile_competencies(world):
    names = [c.name for c in cycle_competencies(world.cycle)]
    assert names == ["Kern 1.1", "Kern 1.2", "Kern 2.1", "Kern 2.2", "Eerste lijn 1"]
    services.self_assessment_save(cycle=world.cycle, actor=world.counsellor,
                                  scores=all_scores(world.cycle, 4, "Voorbeeld"))
    assert SelfAssessment.objects.filter(cycle=world.cycle, score=4).count() == 5


@pytest.mark.parametrize("score", [0, 6, None])
def test_a_self_score_outside_the_scale_is_refused(world, score):
    scores = all_scores(world.cycle)
    first = next(iter(scores))
    scores[first] = (score, "")
    with pytest.raises(ValidationError) as exc:
        services.self_assessment_save(cycle=world.cycle, actor=world.counsellor, scores=scores)
    assert f"score_{first}" in exc.value.message_dict
    assert not SelfAssessment.objects.exists()
    world.cycle.refresh_from_db()
    assert world.cycle.self_assessed_at is None


def test_a_competency_of_another_framework_is_refused(world):
    scores = all_scores(world.cycle)
    foreign = world.foreign_framework.categories.first().competencies.first()
    scores[foreign.pk] = (3, "")
    with pytest.raises(ValidationError, match="does not match"):
        services.self_assessment_save(cycle=world.cycle, actor=world.counsellor, scores=scores)


def test_a_stale_self_assessment_form_is_refused(world):
    services.self_assessment_save(cycle=world.cycle, actor=world.counsellor,
                                  scores=all_scores(world.cycle, 3))
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.self_assessment_save(cycle=world.cycle, actor=world.counsellor,
                                      scores=all_scores(world.cycle, 5), expected_version=1)
    assert not SelfAssessment.objects.filter(score=5).exists()


def test_the_manager_cannot_fill_in_the_self_assessment(world):
    with pytest.raises(PermissionDenied):
        services.self_assessment_save(cycle=world.cycle, actor=world.manager,
                                      scores=all_scores(world.cycle))


def test_the_employee_cannot_write_the_manager_assessment(world):
    with pytest.raises(PermissionDenied):
        services.manager_assessment_save(cycle=world.cycle, actor=world.counsellor,
                                         scores=all_scores(world.cycle))


def test_the_employee_responds_only_after_the_assessment_is_shared(world):
    with pytest.raises(ValidationError, match="once your manager has shared"):
        services.employee_response_save(cycle=world.cycle, actor=world.counsellor, text="Eens")
    services.manager_assessment_save(cycle=world.cycle, actor=world.manager,
                                     scores=all_scores(world.cycle))
    cycle = services.employee_response_save(cycle=world.cycle, actor=world.counsellor,
                                            text="Eens, met een kanttekening")
    assert cycle.employee_response == "Eens, met een kanttekening"


# --- closed cycles are read-only ------------------------------------------------------------


CLOSED_WRITES = {
    "self_assessment": lambda w: services.self_assessment_save(
        cycle=w.cycle, actor=w.counsellor, scores=all_scores(w.cycle)),
    "manager_assessment": lambda w: services.manager_assessment_save(
        cycle=w.cycle, actor=w.manager, scores=all_scores(w.cycle, 5)),
    "response": lambda w: services.employee_response_save(
        cycle=w.cycle, actor=w.counsellor, text="Nog iets"),
    "plan": lambda w: services.meeting_plan(
        cycle=w.cycle, actor=w.manager, kind="pop", planned_on=days(3)),
    "record": lambda w: record(w.cycle, "appraisal", rating="good"),
    "goal": lambda w: services.goal_add(
        cycle=w.cycle, actor=w.counsellor, goal="Nieuw doel", actions="", competency_id=None),
    "goal_status": lambda w: services.goal_status_set(
        goal=w.goal, actor=w.counsellor, status="dropped"),
    "training": lambda w: services.training_add(
        cycle=w.cycle, actor=w.counsellor, area="ict", title="ICT", hours=4, status="planned"),
    "training_status": lambda w: services.training_status_set(
        training=w.training, actor=w.counsellor, status="cancelled"),
}


@pytest.mark.parametrize("write", CLOSED_WRITES, ids=str)
def test_a_closed_cycle_cannot_be_changed(world, write):
    close(world.cycle)
    counts = (ManagerAssessment.objects.filter(score=5).count(), DevelopmentGoal.objects.count(),
              Training.objects.count())
    with pytest.raises(ValidationError, match="closed"):
        CLOSED_WRITES[write](world)
    world.goal.refresh_from_db()
    world.training.refresh_from_db()
    assert (world.goal.status, world.training.status) == ("open", "planned")
    assert counts == (ManagerAssessment.objects.filter(score=5).count(),
                      DevelopmentGoal.objects.count(), Training.objects.count())
