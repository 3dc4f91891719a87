"""Issue 15 R10 on the staff side: the same create form submitted twice at the same moment
(a double click that reaches two workers) creates one row; the loser gets the winner's row.

A real race needs row locks and a unique index that waits: PostgreSQL. On SQLite the test is
skipped, unless LOB_REQUIRE_SERVICES=1 (CI), where it must fail instead."""

import threading
import uuid

import pytest
from django.db import connections

from staff import services
from staff.models import DevelopmentGoal, TeamPlanAction, Training

CREATES = {
    "goal": (DevelopmentGoal, lambda w, token: services.goal_add(
        cycle=w.cycle, actor=w.counsellor, goal="Dubbel geklikt", actions="",
        competency_id=None, submission_token=token)),
    "training": (Training, lambda w, token: services.training_add(
        cycle=w.cycle, actor=w.counsellor, area="ict", title="Dubbel geklikt", hours=2,
        status="planned", submission_token=token)),
    "team action": (TeamPlanAction, lambda w, token: services.team_action_add(
        team=w.team, school_year=w.school_year, actor=w.manager, description="Dubbel geklikt",
        standard_id=None, due_on=None, submission_token=token)),
}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("name", list(CREATES))
def test_one_create_form_submitted_twice_at_once_creates_one_row(postgres_only, world, name):
    model, create = CREATES[name]
    token = uuid.uuid4()
    before = model.objects.count()
    start = threading.Barrier(2)
    results: list[object] = []

    def submit():
        try:
            start.wait(timeout=10)
            results.append(create(world, token).pk)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert len(results) == 2 and results[0] == results[1], results
    assert model.objects.count() == before + 1
