"""Inviting raters and answering: every bad input refused with a message, nothing changed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from staff import services
from staff.models import FeedbackAnswer, FeedbackRequest, FeedbackResponse, RaterGroup
from tests.factories.staff import UserFactory
from tests.staff.helpers import all_scores, answer, close, days, invite

pytestmark = pytest.mark.django_db


def _invite(w, rater, actor=None, deadline=None):
    return services.feedback_invite(cycle=w.cycle, actor=actor or w.counsellor, rater=rater,
                                    deadline=deadline or days(14))


def _refused(w, message, **kwargs):
    before = FeedbackRequest.objects.count()
    with pytest.raises(ValidationError) as exc:
        _invite(w, **kwargs)
    assert message in str(exc.value)
    assert FeedbackRequest.objects.count() == before


def test_a_team_colleague_is_invited_in_the_team_group(world):
    request = _invite(world, world.care_coordinator)
    assert request.rater_group == RaterGroup.TEAM and request.invited_by == world.counsellor


def test_a_colleague_from_another_team_is_in_the_college_group(world):
    assert _invite(world, world.outsider).rater_group == RaterGroup.COLLEGE


def test_the_manager_may_invite_too(world):
    assert _invite(world, world.outsider, actor=world.manager).invited_by == world.manager


def test_inviting_yourself_is_refused(world):
    _refused(world, "You cannot invite yourself", rater=world.counsellor)


def test_the_manager_cannot_invite_the_employee(world):
    _refused(world, "cannot give 360 feedback on themselves", rater=world.counsellor,
             actor=world.manager)


def test_inviting_the_manager_is_refused(world):
    _refused(world, "The manager gives their own assessment", rater=world.manager)


def test_inviting_someone_from_another_college_is_refused(world):
    _refused(world, "Only colleagues of the same college", rater=world.foreign)


def test_inviting_an_inactive_colleague_is_refused(world):
    gone = UserFactory(college=world.college, is_active=False)
    _refused(world, "not active", rater=gone)


@pytest.mark.parametrize("offset", [0, -1])
def test_a_deadline_today_or_earlier_is_refused(world, offset):
    _refused(world, "The deadline must be after today", rater=world.outsider,
             deadline=days(offset))


def test_a_deadline_too_far_ahead_is_refused(world):
    _refused(world, "at most 120 days", rater=world.outsider, deadline=days(121))


def test_inviting_the_same_colleague_twice_is_refused(world):
    _refused(world, "has already been invited", rater=world.colleague)


def test_no_invitations_on_a_closed_cycle(world):
    close(world.cycle)
    _refused(world, "closed", rater=world.outsider)


def test_a_colleague_outside_the_cycle_cannot_invite(world):
    with pytest.raises(PermissionDenied):
        _invite(world, world.outsider, actor=world.colleague)


# --- answering ------------------------------------------------------------------------------


def test_an_answer_is_stored_without_the_rater_and_marks_the_request(world):
    answer(world.cycle, world.colleague, score=4, comment="Prima")
    world.feedback_request.refresh_from_db()
    assert world.feedback_request.answered_at is not None
    response = FeedbackResponse.objects.get()
    assert response.rater_group == RaterGroup.TEAM
    assert FeedbackAnswer.objects.filter(response=response).count() == len(all_scores(world.cycle))


def test_answering_twice_is_refused(world):
    answer(world.cycle, world.colleague)
    with pytest.raises(ValidationError, match="already answered"):
        answer(world.cycle, world.colleague)
    assert FeedbackResponse.objects.count() == 1


def test_answering_after_the_deadline_is_refused(world):
    FeedbackRequest.objects.filter(pk=world.feedback_request.pk).update(deadline=days(-1))
    with pytest.raises(ValidationError, match="deadline"):
        answer(world.cycle, world.colleague)
    world.feedback_request.refresh_from_db()
    assert world.feedback_request.answered_at is None
    assert not FeedbackResponse.objects.exists()


def test_answering_on_the_deadline_day_is_fine(world):
    FeedbackRequest.objects.filter(pk=world.feedback_request.pk).update(deadline=days(0))
    answer(world.cycle, world.colleague)
    assert FeedbackResponse.objects.count() == 1


@pytest.mark.parametrize("score", [0, 6, -1])
def test_a_score_outside_the_scale_is_refused(world, score):
    first = next(iter(all_scores(world.cycle)))
    with pytest.raises(ValidationError) as exc:
        answer(world.cycle, world.colleague, per_competency={first: (score, "")})
    assert f"score_{first}" in exc.value.message_dict
    assert not FeedbackResponse.objects.exists()
    world.feedback_request.refresh_from_db()
    assert world.feedback_request.answered_at is None


def test_an_empty_answer_is_refused(world):
    with pytest.raises(ValidationError, match="at least one competency"):
        answer(world.cycle, world.colleague, score=None)
    assert not FeedbackResponse.objects.exists()


def test_someone_else_cannot_answer_a_request(world):
    with pytest.raises(ValidationError, match="not addressed to you"):
        services.feedback_answer(request=world.feedback_request, rater=world.outsider,
                                 answers=all_scores(world.cycle))
    assert not FeedbackResponse.objects.exists()


def test_no_answers_on_a_closed_cycle(world):
    close(world.cycle)
    with pytest.raises(ValidationError, match="closed"):
        answer(world.cycle, world.colleague)


def test_an_invited_rater_answers_through_the_page(client, world):
    client.force_login(world.colleague)
    data = {f"score_{pk}": "4" for pk in all_scores(world.cycle)}
    response = client.post(f"/staff/feedback/{world.feedback_request.pk}/", data)
    assert response.status_code == 302
    assert FeedbackResponse.objects.count() == 1


def test_the_answer_page_refuses_a_second_answer_with_a_message(client, world):
    answer(world.cycle, world.colleague)
    client.force_login(world.colleague)
    page = client.get(f"/staff/feedback/{world.feedback_request.pk}/")
    assert 'data-testid="closed-reason"' in page.content.decode()
    data = {f"score_{pk}": "4" for pk in all_scores(world.cycle)}
    response = client.post(f"/staff/feedback/{world.feedback_request.pk}/", data, follow=True)
    assert "al beantwoord" in response.content.decode() or "already answered" in response.content.decode()
    assert FeedbackResponse.objects.count() == 1


def test_the_answer_page_shows_a_bad_score_at_the_field(client, world):
    client.force_login(world.colleague)
    pks = list(all_scores(world.cycle))
    data = {f"score_{pk}": "4" for pk in pks} | {f"score_{pks[0]}": "9"}
    response = client.post(f"/staff/feedback/{world.feedback_request.pk}/", data)
    assert response.status_code == 200
    assert response.context["form"].errors[f"score_{pks[0]}"]
    assert not FeedbackResponse.objects.exists()


def test_the_invite_page_refuses_a_colleague_of_another_college(client, world):
    client.force_login(world.counsellor)
    response = client.post(f"/staff/cycles/{world.cycle.pk}/feedback/invite/",
                           {"raters": [world.foreign.pk], "deadline": days(10).isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors["raters"]
    assert not FeedbackRequest.objects.filter(rater=world.foreign).exists()


def test_the_invite_page_refuses_yourself_with_a_message(client, world):
    client.force_login(world.counsellor)
    response = client.post(f"/staff/cycles/{world.cycle.pk}/feedback/invite/",
                           {"raters": [world.counsellor.pk], "deadline": days(10).isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors["raters"]
    assert FeedbackRequest.objects.filter(cycle=world.cycle).count() == 1


def test_the_inbox_lists_only_my_requests(client, world):
    invite(world.cycle, world.outsider)
    client.force_login(world.colleague)
    page = client.get("/staff/feedback/")
    assert [r.pk for r in page.context["page"].object_list] == [world.feedback_request.pk]
