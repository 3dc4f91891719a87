"""Team plans, progress reviews with the directie and the LOB standards self-assessment."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from staff import services
from staff.models import StandardAssessment, TeamPlan, TeamPlanAction, TeamProgressReview
from tests.factories.staff import CriterionFactory
from tests.staff.helpers import days, today

pytestmark = pytest.mark.django_db


def test_the_manager_writes_the_training_section(client, world):
    client.force_login(world.manager)
    plan = TeamPlan.objects.get(team=world.team)
    response = client.post(f"/staff/team-plans/{world.team.pk}/{world.school_year}/edit/",
                           {"training_section": "LC-cursus en intervisie", "version": plan.version})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.training_section == "LC-cursus en intervisie" and plan.updated_by == world.manager


def test_a_stale_team_plan_form_is_refused(world):
    plan = services.team_plan_save(team=world.team, school_year=world.school_year,
                                   actor=world.manager, training_section="Eerste versie")
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.team_plan_save(team=world.team, school_year=world.school_year,
                                actor=world.manager, training_section="Oud formulier",
                                expected_version=plan.version - 1)
    plan.refresh_from_db()
    assert plan.training_section == "Eerste versie"


def test_only_the_teams_manager_writes_the_plan(world):
    with pytest.raises(PermissionDenied):
        services.team_plan_save(team=world.team, school_year=world.school_year,
                                actor=world.other_manager, training_section="x")


def test_an_action_due_outside_the_school_year_is_refused(client, world):
    client.force_login(world.manager)
    response = client.post(f"/staff/team-plans/{world.team.pk}/{world.school_year}/actions/",
                           {"description": "Intervisie", "due_on": f"{world.school_year - 1}-09-01"})
    assert response.status_code == 200
    assert response.context["action_form"].errors["due_on"]
    assert TeamPlanAction.objects.count() == 1


def test_an_empty_action_is_refused(client, world):
    client.force_login(world.manager)
    response = client.post(f"/staff/team-plans/{world.team.pk}/{world.school_year}/actions/",
                           {"description": ""})
    assert response.status_code == 200 and response.context["action_form"].errors["description"]
    assert TeamPlanAction.objects.count() == 1


def _review(w, **kwargs):
    data = {"team": w.team, "school_year": w.school_year, "actor": w.director, "term": 1,
            "held_on": today(), "participants": "", "notes": "Voortgang besproken"} | kwargs
    return services.progress_review_record(**data)


def test_the_directie_records_three_reviews_a_year(world):
    start = datetime.date(world.school_year, 8, 1)
    for term in (1, 2, 3):
        _review(world, term=term, held_on=min(today(), start + datetime.timedelta(days=term)))
    assert TeamProgressReview.objects.count() == 3


@pytest.mark.parametrize("kwargs,message", [
    ({"term": 4}, "first, second or third"),
    ({"held_on": "future"}, "before it has taken place"),
    ({"held_on": "last_year"}, "school year"),
    ({"notes": " "}, "what was discussed"),
])
def test_bad_review_input_is_refused(world, kwargs, message):
    if kwargs.get("held_on") == "future":
        kwargs["held_on"] = days(1)
    elif kwargs.get("held_on") == "last_year":
        kwargs["held_on"] = datetime.date(world.school_year - 1, 9, 1)
    with pytest.raises(ValidationError, match=message):
        _review(world, **kwargs)
    assert not TeamProgressReview.objects.exists()


def test_a_review_term_is_recorded_once(world):
    _review(world)
    with pytest.raises(ValidationError, match="already been recorded"):
        _review(world, notes="Nog eens")
    assert TeamProgressReview.objects.count() == 1


def test_a_manager_cannot_record_a_review(world):
    with pytest.raises(PermissionDenied):
        _review(world, actor=world.manager)


def test_the_review_page_shows_bad_input_at_the_field(client, world):
    client.force_login(world.director)
    response = client.post(f"/staff/team-plans/{world.team.pk}/{world.school_year}/reviews/",
                           {"term": "1", "held_on": days(5).isoformat(), "notes": "x"})
    assert response.status_code == 200 and response.context["form"].errors["held_on"]
    assert not TeamProgressReview.objects.exists()


# --- standards ----------------------------------------------------------------------------------


def _standards_data(w, score="3", **extra):
    return {f"score_{w.criterion.pk}": score, f"evidence_{w.criterion.pk}": "Protocol",
            f"action_{w.criterion.pk}": "Werkbijeenkomst"} | extra


def test_the_manager_self_assesses_the_standards(client, world):
    client.force_login(world.manager)
    response = client.post(f"/staff/standards/{world.team.pk}/{world.school_year}/",
                           _standards_data(world, "4"))
    assert response.status_code == 302
    assessment = StandardAssessment.objects.get(team=world.team, criterion=world.criterion)
    assert (assessment.score, assessment.planned_action) == (4, "Werkbijeenkomst")


@pytest.mark.parametrize("score", ["5", "0", "x"])
def test_a_standards_score_outside_the_scale_is_refused(client, world, score):
    client.force_login(world.manager)
    response = client.post(f"/staff/standards/{world.team.pk}/{world.school_year}/",
                           _standards_data(world, score))
    assert response.status_code == 200
    assert response.context["form"].errors[f"score_{world.criterion.pk}"]
    world.standards_assessment.refresh_from_db()
    assert world.standards_assessment.score == 2


def test_evidence_without_a_score_is_refused(world):
    other = CriterionFactory(standard=world.standard)
    with pytest.raises(ValidationError) as exc:
        services.standards_assess(team=world.team, school_year=world.school_year,
                                  actor=world.manager, rows={other.pk: (None, "Bewijs", "")})
    assert f"score_{other.pk}" in exc.value.message_dict
    assert not StandardAssessment.objects.filter(criterion=other).exists()


def test_an_inactive_criterion_is_not_assessed(world):
    inactive = CriterionFactory(standard=world.standard, is_active=False)
    with pytest.raises(ValidationError, match="does not match"):
        services.standards_assess(team=world.team, school_year=world.school_year,
                                  actor=world.manager, rows={inactive.pk: (3, "", "")})


def test_a_team_member_reads_the_standards_but_cannot_post(client, world):
    client.force_login(world.counsellor)
    page = client.get(f"/staff/standards/{world.team.pk}/{world.school_year}/")
    assert page.context["can_manage"] is False and "Intakeprotocol opstellen" in page.content.decode()
    assert client.post(f"/staff/standards/{world.team.pk}/{world.school_year}/",
                       _standards_data(world, "4")).status_code == 403


def test_a_planned_action_is_carried_into_the_team_plan_once(client, world):
    client.force_login(world.manager)
    url = f"/staff/standards/assessments/{world.standards_assessment.pk}/carry/"
    client.post(url)
    action = TeamPlanAction.objects.get(source_assessment=world.standards_assessment)
    assert action.description == "Intakeprotocol opstellen" and action.standard == world.standard
    assert action.plan == world.team_plan
    response = client.post(url, follow=True)
    assert str(list(response.context["messages"])[-1]) == "Deze actie staat al in het teamplan."
    assert TeamPlanAction.objects.filter(source_assessment=world.standards_assessment).count() == 1


def test_an_assessment_without_action_cannot_be_carried(world):
    StandardAssessment.objects.filter(pk=world.standards_assessment.pk).update(planned_action="")
    with pytest.raises(ValidationError, match="no planned action"):
        services.standard_action_carry(assessment=world.standards_assessment, actor=world.manager)


def test_the_directie_sees_the_average_per_team_and_standard(client, world):
    client.force_login(world.director)
    page = client.get(f"/staff/standards/?year={world.school_year}")
    rows = {r["team"].pk: r["averages"] for r in page.context["rows"]}
    assert rows[world.team.pk] == [2] and rows[world.other_team.pk] == [None]
