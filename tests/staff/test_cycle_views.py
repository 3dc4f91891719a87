"""The cycle pages: who sees what, bad input shown at the field, nothing saved."""

import pytest

from staff import services
from staff.models import DevelopmentGoal, SelfAssessment, Training
from tests.staff.helpers import all_scores, close, days, record

pytestmark = pytest.mark.django_db


def _score_data(cycle, score="3", **overrides):
    cycle.refresh_from_db()
    data = {"version": str(cycle.version)}  # as the page carries it
    for pk in all_scores(cycle):
        data[f"score_{pk}"] = score
        data[f"text_{pk}"] = "Voorbeeld"
    data.update(overrides)
    return data


def test_the_employee_saves_the_self_assessment(client, world):
    client.force_login(world.counsellor)
    response = client.post(f"/staff/cycles/{world.cycle.pk}/self-assessment/",
                           _score_data(world.cycle, "4"))
    assert response.status_code == 302
    assert SelfAssessment.objects.filter(cycle=world.cycle, score=4).count() == 5


@pytest.mark.parametrize("bad", ["6", "0", "", "drie"])
def test_a_bad_self_score_is_shown_at_the_field_and_nothing_is_saved(client, world, bad):
    client.force_login(world.counsellor)
    first = next(iter(all_scores(world.cycle)))
    response = client.post(f"/staff/cycles/{world.cycle.pk}/self-assessment/",
                           _score_data(world.cycle, **{f"score_{first}": bad}))
    assert response.status_code == 200
    assert response.context["form"].errors[f"score_{first}"]
    assert "is-invalid" in response.content.decode()
    assert not SelfAssessment.objects.exists()


def test_a_stale_self_assessment_form_gets_a_message(client, world):
    services.self_assessment_save(cycle=world.cycle, actor=world.counsellor,
                                  scores=all_scores(world.cycle, 2))
    client.force_login(world.counsellor)
    response = client.post(f"/staff/cycles/{world.cycle.pk}/self-assessment/",
                           _score_data(world.cycle, "5", version="1"))  # the form from before that save
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not SelfAssessment.objects.filter(score=5).exists()


def test_the_manager_reads_the_self_assessment_but_cannot_post_it(client, world):
    client.force_login(world.manager)
    assert client.get(f"/staff/cycles/{world.cycle.pk}/self-assessment/").context["editable"] is False
    response = client.post(f"/staff/cycles/{world.cycle.pk}/self-assessment/",
                           _score_data(world.cycle))
    assert response.status_code == 403
    assert not SelfAssessment.objects.exists()


def test_another_teams_manager_cannot_read_the_cycle(client, world):
    client.force_login(world.other_manager)
    for path in ("", "self-assessment/", "feedback/results/", "feedback/results.csv"):
        assert client.get(f"/staff/cycles/{world.cycle.pk}/{path}").status_code == 404


def test_skipping_a_stage_in_the_browser_gets_a_message_and_changes_nothing(client, world):
    client.force_login(world.manager)
    response = client.post(f"/staff/cycles/{world.cycle.pk}/meetings/functioning/record/",
                           {"held_on": days(0).isoformat(), "report": "Te vroeg"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    world.cycle.refresh_from_db()
    assert world.cycle.stage == "pop"


def test_an_unknown_meeting_is_404(client, world):
    client.force_login(world.manager)
    assert client.get(f"/staff/cycles/{world.cycle.pk}/meetings/lunch/record/").status_code == 404


def test_a_plan_date_in_the_past_is_shown_on_the_cycle_page(client, world):
    client.force_login(world.manager)
    response = client.post(f"/staff/cycles/{world.cycle.pk}/meetings/pop/plan/",
                           {"pop-planned_on": days(-2).isoformat()})
    assert response.status_code == 200
    assert 'data-testid="plan-error"' in response.content.decode()
    assert not world.cycle.meetings.filter(planned_on__isnull=False).exists()


def test_the_employee_sees_the_manager_assessment_only_once_shared(client, world):
    client.force_login(world.counsellor)
    assert client.get(f"/staff/cycles/{world.cycle.pk}/").context["show_manager_scores"] is False
    services.manager_assessment_save(cycle=world.cycle, actor=world.manager,
                                     scores=all_scores(world.cycle, 4, "Sterk punt"))
    page = client.get(f"/staff/cycles/{world.cycle.pk}/")
    assert page.context["show_manager_scores"] is True
    assert "Sterk punt" in page.content.decode()


def test_an_empty_response_is_refused_at_the_field(client, world):
    services.manager_assessment_save(cycle=world.cycle, actor=world.manager,
                                     scores=all_scores(world.cycle))
    client.force_login(world.counsellor)
    world.cycle.refresh_from_db()
    response = client.post(f"/staff/cycles/{world.cycle.pk}/response/",
                           {"text": "  ", "version": world.cycle.version})
    assert response.status_code == 200
    assert response.context["response_form"].errors["text"]
    world.cycle.refresh_from_db()
    assert world.cycle.employee_response == ""


def test_a_closed_cycle_is_read_only_in_the_browser(client, world):
    close(world.cycle)
    client.force_login(world.counsellor)
    page = client.get(f"/staff/cycles/{world.cycle.pk}/")
    html = page.content.decode()
    assert f"/staff/cycles/{world.cycle.pk}/goals/add/" not in html
    assert client.get(f"/staff/cycles/{world.cycle.pk}/self-assessment/").context["editable"] is False
    response = client.post(f"/staff/cycles/{world.cycle.pk}/self-assessment/",
                           _score_data(world.cycle))
    assert response.status_code == 302
    assert not SelfAssessment.objects.exists()
    assert client.get(f"/staff/cycles/{world.cycle.pk}/goals/add/").status_code == 302


def test_hr_sees_the_status_in_the_list_but_not_the_cycle(client, world):
    client.force_login(world.hr)
    page = client.get("/staff/cycles/")
    rows = list(page.context["page"].object_list)
    assert [c.pk for c in rows] == [world.cycle.pk] and rows[0].can_open is False
    assert f'href="/staff/cycles/{world.cycle.pk}/"' not in page.content.decode()
    assert client.get(f"/staff/cycles/{world.cycle.pk}/").status_code == 404


def test_a_colleague_sees_only_their_own_cycles(client, world):
    client.force_login(world.colleague)
    assert list(client.get("/staff/cycles/").context["page"].object_list) == []


def test_opening_a_cycle_through_the_page(client, world):
    client.force_login(world.manager)
    response = client.post("/staff/cycles/new/", {"employee": world.colleague.pk,
                                                  "school_year": world.school_year,
                                                  "role_profile": "first_line"})
    assert response.status_code == 302
    assert world.colleague.review_cycles.get().role_profile == "first_line"


def test_opening_a_second_cycle_in_a_year_gets_a_message(client, world):
    client.force_login(world.manager)
    response = client.post("/staff/cycles/new/", {"employee": world.counsellor.pk,
                                                  "school_year": world.school_year})
    assert response.status_code == 200
    assert response.context["form"].errors["employee"]
    assert world.counsellor.review_cycles.count() == 1


# --- development plan -------------------------------------------------------------------------


def test_a_goal_is_tied_to_a_competency_of_the_cycle(client, world):
    client.force_login(world.counsellor)
    competency = next(iter(all_scores(world.cycle)))
    response = client.post(f"/staff/cycles/{world.cycle.pk}/goals/add/",
                           {"competency": competency, "goal": "Beter doorvragen", "actions": "Oefenen"})
    assert response.status_code == 302
    assert DevelopmentGoal.objects.get(goal="Beter doorvragen").competency_id == competency


def test_a_goal_with_a_foreign_competency_is_refused(client, world):
    client.force_login(world.counsellor)
    foreign = world.foreign_framework.categories.first().competencies.first()
    response = client.post(f"/staff/cycles/{world.cycle.pk}/goals/add/",
                           {"competency": foreign.pk, "goal": "X"})
    assert response.status_code == 200 and response.context["form"].errors["competency"]
    assert not DevelopmentGoal.objects.filter(goal="X").exists()


@pytest.mark.parametrize("data,field", [
    ({"hours": "0"}, "hours"),
    ({"hours": "1001"}, "hours"),
    ({"status": "completed"}, "completed_on"),
    ({"status": "completed", "completed_on": days(3).isoformat()}, "completed_on"),
    ({"completed_on": days(-3).isoformat()}, "completed_on"),
    ({"title": ""}, "title"),
    ({"area": "astrology"}, "area"),
])
def test_bad_training_input_is_shown_at_the_field(client, world, data, field):
    client.force_login(world.counsellor)
    payload = {"area": "lc_course", "title": "LC-cursus", "hours": "24", "status": "planned",
               "completed_on": ""} | data
    response = client.post(f"/staff/cycles/{world.cycle.pk}/trainings/add/", payload)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert Training.objects.count() == 1  # the world's


def test_a_completed_training_counts_in_the_training_record(client, world):
    services.training_status_set(training=world.training, actor=world.counsellor,
                                 status="completed", completed_on=days(-1))
    services.training_add(cycle=world.cycle, actor=world.manager, area="ict", title="ICT",
                          hours=4, status="planned")
    client.force_login(world.counsellor)
    hours = client.get("/staff/trainings/").context["hours"]
    assert (hours["completed"], hours["planned"]) == (16, 4)


def test_goal_status_changes(client, world):
    client.force_login(world.manager)
    client.post(f"/staff/cycles/{world.cycle.pk}/goals/{world.goal.pk}/status/",
                {"status": "achieved"})
    world.goal.refresh_from_db()
    assert world.goal.status == "achieved"


def test_a_bad_goal_status_gets_a_message(client, world):
    client.force_login(world.manager)
    response = client.post(f"/staff/cycles/{world.cycle.pk}/goals/{world.goal.pk}/status/",
                           {"status": "forgotten"}, follow=True)
    assert list(response.context["messages"])
    world.goal.refresh_from_db()
    assert world.goal.status == "open"


def test_record_then_plan_shows_in_the_cycle_page(client, world):
    record(world.cycle, "pop")
    client.force_login(world.counsellor)
    html = client.get(f"/staff/cycles/{world.cycle.pk}/").content.decode()
    assert "Verslag pop" in html
