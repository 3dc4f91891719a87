"""Issue 16: the 360 invite chooses several colleagues at once, grouped by team, each named
with their e-mail address (names repeat); one refusal invites nobody."""

import pytest

from staff.models import FeedbackRequest
from tests.factories.staff import UserFactory, member
from tests.staff.helpers import days

pytestmark = pytest.mark.django_db


def _url(world):
    return f"/staff/cycles/{world.cycle.pk}/feedback/invite/"


def test_colleagues_are_grouped_by_team_with_the_employees_team_first(client, world):
    twin = member(UserFactory(college=world.college, first_name=world.outsider.first_name,
                              last_name=world.outsider.last_name, email="twin@west.test"),
                  world.other_team)
    client.force_login(world.counsellor)
    response = client.get(_url(world))
    groups = response.context["form"].groups
    labels = [str(label) for label, _options in groups]
    assert labels[0].startswith(world.team.name)  # the employee's team first
    assert world.other_team.name in labels
    texts = [text for _label, options in groups for _value, text in options]
    assert f"{world.outsider.get_full_name()} · {world.outsider.email}" in texts
    assert f"{twin.get_full_name()} · {twin.email}" in texts  # same name, told apart
    values = [value for _label, options in groups for value, _text in options]
    assert str(world.counsellor.pk) not in values  # not oneself
    assert len(values) == len(set(values))  # each person once
    assert 'data-testid="rater-team"' in response.content.decode()


def test_several_colleagues_are_invited_at_once(client, world):
    client.force_login(world.counsellor)
    before = FeedbackRequest.objects.filter(cycle=world.cycle).count()
    picked = [world.outsider, world.lec_worker, world.hr]
    response = client.post(_url(world), {"raters": [u.pk for u in picked],
                                          "deadline": days(10).isoformat()})
    assert response.status_code == 302
    invited = set(FeedbackRequest.objects.filter(cycle=world.cycle)
                  .values_list("rater_id", flat=True))
    assert {u.pk for u in picked} <= invited
    assert len(invited) == before + 3


def test_one_refused_colleague_invites_nobody_and_says_who(client, world):
    client.force_login(world.counsellor)
    before = FeedbackRequest.objects.count()
    response = client.post(_url(world), {"raters": [world.outsider.pk, world.hr.pk],
                                          "deadline": days(-1).isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert FeedbackRequest.objects.count() == before
