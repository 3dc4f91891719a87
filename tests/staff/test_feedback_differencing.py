"""F5 (issue 15): 360 differencing. Once a rater group's results were visible, inviting one more
rater and comparing the averages before and after gave that rater's answers away. A group whose
results have been shown takes no new raters in that cycle, whoever invites (the employee or
the manager)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from staff import selectors, services
from staff.models import FeedbackRequest
from tests.staff.helpers import answer, college_colleague, days, invite, team_colleague

pytestmark = pytest.mark.django_db


def _averages(cycle) -> dict[int, float]:
    return {row.competency.pk: row.cells["team"].average for row in selectors.feedback_summary(cycle).rows}


def _attack(world, inviter):
    """Look at the team's averages, invite a fourth team colleague, let them answer, and work
    their scores out of the difference."""
    cycle = world.cycle
    for rater in (world.colleague, world.care_coordinator, team_colleague(world, 1)):
        answer(cycle, rater, score=3)
    before = _averages(cycle)
    assert before  # the team's results are shown
    target = team_colleague(world, 2)
    request = services.feedback_invite(cycle=cycle, actor=inviter, rater=target,
                                       deadline=days(14))
    answer(cycle, target, score=5)
    after = _averages(cycle)
    return request, {cid: round(4 * after[cid] - 3 * before[cid]) for cid in after}


@pytest.mark.parametrize("inviter", ["counsellor", "manager"])
def test_one_more_rater_in_a_shown_group_is_refused(world, inviter):
    with pytest.raises(ValidationError) as exc:
        _attack(world, getattr(world, inviter))
    assert "rater" in exc.value.message_dict
    assert not FeedbackRequest.objects.filter(cycle=world.cycle,
                                              rater__email="rater2@west.test").exists()
    assert selectors.groups_shown(world.cycle) == {"team"}


def test_a_group_not_shown_yet_still_takes_raters(world):
    cycle = world.cycle
    for rater in (world.colleague, world.care_coordinator, team_colleague(world, 1)):
        answer(cycle, rater, score=3)
    # The college group has no results yet: it may still grow to its own minimum.
    services.feedback_invite(cycle=cycle, actor=world.counsellor,
                             rater=college_colleague(world, 1), deadline=days(14))


def test_while_invitations_are_open_nothing_was_shown_and_the_group_may_grow(world):
    cycle = world.cycle
    invite(cycle, team_colleague(world, 3))  # open: the results stay hidden
    for rater in (world.colleague, world.care_coordinator, team_colleague(world, 1)):
        answer(cycle, rater, score=3)
    assert not selectors.feedback_summary(cycle).released and selectors.groups_shown(cycle) == set()
    services.feedback_invite(cycle=cycle, actor=world.counsellor,
                             rater=team_colleague(world, 2), deadline=days(14))


def test_results_shown_earlier_count_even_when_hidden_again(world):
    """Shown once is shown: an open invitation in the other group hides the results for now,
    but the team group still takes nobody new."""
    cycle = world.cycle
    for rater in (world.colleague, world.care_coordinator, team_colleague(world, 1)):
        answer(cycle, rater, score=3)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    FeedbackRequest.objects.filter(cycle=cycle).update(
        invited_at=an_hour_ago - datetime.timedelta(hours=1), answered_at=an_hour_ago)
    services.feedback_invite(cycle=cycle, actor=world.counsellor,
                             rater=college_colleague(world, 1), deadline=days(14))
    assert not selectors.feedback_summary(cycle).released
    with pytest.raises(ValidationError):
        services.feedback_invite(cycle=cycle, actor=world.counsellor,
                                 rater=team_colleague(world, 2), deadline=days(14))
