"""Issue 15 R10 on the staff side: each create form carries a one-time token
(common.idempotency), so the same form sent twice (a double click, a resend, a second tab)
creates one row and the second answer leads to the first one's result; the 360 invitation
is once per rater and cycle by its own unique constraint."""

import pytest

from staff.models import DevelopmentGoal, FeedbackRequest, TeamPlanAction, Training
from tests.staff.helpers import days

pytestmark = pytest.mark.django_db


def _forms(w):
    cycle = f"/staff/cycles/{w.cycle.pk}"
    plan = f"/staff/team-plans/{w.team.pk}/{w.school_year}/"
    return {
        "goal": (w.counsellor, f"{cycle}/goals/add/", "form", f"{cycle}/goals/add/",
                 DevelopmentGoal, {"goal": "Beter doorvragen", "actions": "Oefenen"},
                 "Beter doorvragen"),
        "training": (w.counsellor, f"{cycle}/trainings/add/", "form", f"{cycle}/trainings/add/",
                     Training, {"area": "lc_course", "title": "LC-cursus verdieping",
                                "hours": "12", "status": "planned"}, "LC-cursus verdieping"),
        "team action": (w.manager, plan, "action_form", f"{plan}actions/", TeamPlanAction,
                        {"description": "Intervisie over loopbaangesprekken"},
                        "Intervisie over loopbaangesprekken"),
    }


@pytest.mark.parametrize("name", ["goal", "training", "team action"])
def test_the_same_create_form_sent_twice_creates_one_row(client, world, name):
    user, page, form, url, model, data, shown = _forms(world)[name]
    client.force_login(user)
    token = client.get(page).context[form]["submission_token"].value()
    assert token
    before = model.objects.count()
    answers = [client.post(url, {**data, "submission_token": str(token)}) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[1].url == answers[0].url
    assert model.objects.count() == before + 1
    result = client.get(answers[1].url)
    assert result.content.decode().count(shown) == 1  # the first one's result, once


def test_a_token_sent_by_someone_else_still_creates_for_them(client, world):
    """Tokens are unique per user: another user's form never gets someone else's row."""
    url = f"/staff/cycles/{world.cycle.pk}/goals/add/"
    client.force_login(world.counsellor)
    token = str(client.get(url).context["form"]["submission_token"].value())
    client.post(url, {"goal": "Doel van de medewerker", "submission_token": token})
    client.force_login(world.manager)
    assert client.post(url, {"goal": "Doel van de leidinggevende",
                             "submission_token": token}).status_code == 302
    assert DevelopmentGoal.objects.filter(submission_token=token).count() == 2


def test_a_form_without_a_token_still_creates(client, world):
    """An old page (no token field) works, only without the double-submit guard."""
    client.force_login(world.counsellor)
    response = client.post(f"/staff/cycles/{world.cycle.pk}/goals/add/", {"goal": "Zonder token"})
    assert response.status_code == 302
    assert DevelopmentGoal.objects.get(goal="Zonder token").submission_token is None


def test_the_same_invitation_sent_twice_invites_once(client, world):
    client.force_login(world.counsellor)
    url = f"/staff/cycles/{world.cycle.pk}/feedback/invite/"
    data = {"raters": [world.outsider.pk], "deadline": days(10).isoformat()}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == 302
    assert second.status_code == 200
    assert second.context["form"].errors["raters"]  # no longer among those to invite
    assert [i.rater_id for i in second.context["invitations"]].count(world.outsider.pk) == 1
    assert FeedbackRequest.objects.filter(cycle=world.cycle, rater=world.outsider).count() == 1
