"""Issue 15 R10: the same session log form submitted twice at the same moment (a double
click that reaches two workers) logs one session; the loser gets the winner's session.

A real race needs row locks and a unique index that waits: PostgreSQL. On SQLite the test is
skipped, unless LOB_REQUIRE_SERVICES=1 (CI), where it must fail instead."""

import datetime
import threading
import uuid

import pytest
from django.db import connections
from django.utils import timezone

from students import services
from students.models import FollowUp, GuidanceSession


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("attempt", range(3))
def test_one_form_submitted_twice_at_once_logs_one_session(postgres_only, world, attempt):
    token = uuid.uuid4()
    content = services.SessionContent(
        held_at=timezone.now() - datetime.timedelta(hours=1), duration_minutes=30,
        kind="career", location="private_room", summary="Dubbel geklikt")
    item = services.FollowUpInput(description="Bellen", owner=world.counsellor,
                                  due_date=timezone.localdate(), student=None)
    before = GuidanceSession.objects.count(), FollowUp.objects.count()
    start = threading.Barrier(2)
    results: list[object] = []

    def log():
        try:
            start.wait(timeout=10)
            results.append(services.session_log(
                counsellor=world.counsellor, student=world.student, content=content,
                follow_ups=[item], submission_token=token).pk)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=log) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert len(results) == 2 and results[0] == results[1], results
    assert (GuidanceSession.objects.count(), FollowUp.objects.count()) == (
        before[0] + 1, before[1] + 1)
