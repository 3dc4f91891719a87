"""360 anonymity: results only per rater group and only from three responses on, everywhere."""

import uuid

import pytest
from django.contrib import admin
from django.db import models

from staff.models import FeedbackAnswer, FeedbackRequest, FeedbackResponse, ReviewCycle
from staff.selectors import FEEDBACK_MIN_RESPONSES, cycle_competencies, feedback_summary
from tests.staff.helpers import answer, college_colleague, days, team_colleague

pytestmark = pytest.mark.django_db


def _pages(client, user, cycle):
    client.force_login(user)
    results = client.get(f"/staff/cycles/{cycle.pk}/feedback/results/").content.decode()
    csv = client.get(f"/staff/cycles/{cycle.pk}/feedback/results.csv").content.decode("utf-8-sig")
    detail = client.get(f"/staff/cycles/{cycle.pk}/").content.decode()
    return results, csv, detail


def test_the_threshold_is_three():
    assert FEEDBACK_MIN_RESPONSES == 3


def test_two_responses_show_nothing_anywhere(client, world):
    cycle = world.cycle
    answer(cycle, world.colleague, score=2, comment="Uniek-commentaar-A")
    answer(cycle, world.care_coordinator, score=5, comment="Uniek-commentaar-B")

    summary = feedback_summary(cycle)
    assert summary.released and summary.groups == [] and summary.rows == []
    for user in (world.counsellor, world.manager):
        results, csv, detail = _pages(client, user, cycle)
        for page in (results, csv, detail):
            assert "Uniek-commentaar" not in page
        assert 'data-testid="feedback-empty"' in results
        assert 'data-testid="feedback-results"' not in results
        assert csv.strip().count("\n") == 0  # the header only
        assert "View the results" not in detail and "Resultaten bekijken" not in detail


def test_three_responses_show_the_aggregate_only(client, world):
    cycle = world.cycle
    raters = [world.colleague, world.care_coordinator, team_colleague(world, 1)]
    for rater, score in zip(raters, (2, 4, 5), strict=True):
        answer(cycle, rater, score=score, comment=f"Opmerking van {score}")

    summary = feedback_summary(cycle)
    assert [(g, n) for g, _label, n in summary.groups] == [("team", 3)]
    row = summary.rows[0]
    assert (row.cells["team"].average, row.cells["team"].count) == (3.7, 3)
    assert row.total.average == 3.7
    results, csv, detail = _pages(client, world.counsellor, cycle)
    assert 'data-testid="feedback-results"' in results
    assert "3.7" in results or "3,7" in results
    lines = csv.strip().splitlines()
    competencies = cycle_competencies(cycle)
    assert len(lines) == 1 + 2 * len(competencies)  # per competency: the team group and the total
    assert all(";3;3,7" in line for line in lines[1:])
    for rater in raters:  # never a name next to the results
        assert rater.last_name not in results and rater.last_name not in csv


def test_a_group_below_the_threshold_stays_out_of_totals_and_exports(client, world):
    cycle = world.cycle
    for i, rater in enumerate([world.colleague, world.care_coordinator, team_colleague(world, 1)]):
        answer(cycle, rater, score=4, comment=f"team-{i}")
    answer(cycle, college_colleague(world, 1), score=1, comment="Elders-geheim-1")
    answer(cycle, college_colleague(world, 2), score=1, comment="Elders-geheim-2")

    summary = feedback_summary(cycle)
    assert summary.group_keys == ["team"]
    assert all(r.total.average == 4.0 and r.total.count == 3 for r in summary.rows)
    results, csv, _detail = _pages(client, world.manager, cycle)
    assert "Elders-geheim" not in results and "Elders-geheim" not in csv
    assert "college" not in csv.lower().split("\n", 1)[1]
    assert "elders in het college" not in results.lower()


def test_a_competency_scored_by_fewer_than_three_is_not_shown(world):
    cycle = world.cycle
    first = cycle_competencies(cycle)[0]
    answer(cycle, world.colleague, score=4)
    answer(cycle, world.care_coordinator, score=4)
    answer(cycle, team_colleague(world, 1), score=4, per_competency={first.pk: (None, "")})

    rows = {r.competency.pk: r for r in feedback_summary(cycle).rows}
    assert rows[first.pk].cells == {} and rows[first.pk].total is None
    assert all(r.cells["team"].count == 3 for pk, r in rows.items() if pk != first.pk)


def test_results_wait_until_no_invitation_is_open(world):
    cycle = world.cycle
    for rater in (world.colleague, world.care_coordinator, team_colleague(world, 1)):
        answer(cycle, rater)
    open_request = FeedbackRequest.objects.create(
        cycle=cycle, rater=team_colleague(world, 2), rater_group="team", deadline=days(3)
    )
    summary = feedback_summary(cycle)
    assert not summary.released and summary.rows == [] and summary.open == 1

    FeedbackRequest.objects.filter(pk=open_request.pk).update(deadline=days(-1))
    assert feedback_summary(cycle).released


def test_an_answer_cannot_be_linked_to_its_rater():
    for model in (FeedbackResponse, FeedbackAnswer):
        fields = model._meta.get_fields()
        related = {f.related_model for f in fields if f.is_relation and f.concrete}
        assert not related & {FeedbackRequest, __import__("staff.models", fromlist=["User"]).User}
        assert not any(isinstance(f, models.DateTimeField | models.DateField) for f in fields)
        assert isinstance(model._meta.pk, models.UUIDField)
    assert {f.related_model for f in FeedbackResponse._meta.get_fields() if f.concrete
            and f.is_relation} == {ReviewCycle}


def test_answers_get_random_keys(world):
    answer(world.cycle, world.colleague)
    assert all(isinstance(pk, uuid.UUID) for pk in FeedbackResponse.objects.values_list("pk", flat=True))


def test_feedback_is_not_in_the_django_admin():
    for model in (FeedbackResponse, FeedbackAnswer, FeedbackRequest, ReviewCycle):
        assert model not in admin.site._registry
