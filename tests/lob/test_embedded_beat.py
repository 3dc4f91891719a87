"""The embedded default (no broker, so no beat) runs the periodic work itself: the sweep at
07:00, the rollups every 15 minutes, as production's beat would (issue 16)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.test import Client, override_settings

from lob import embedded_beat
from lob.dashboards.models import RollupState
from lob.notifications.models import SweepRun

pytestmark = pytest.mark.django_db(transaction=True)

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def beat(tmp_path, monkeypatch):
    with override_settings(LOB_EMBEDDED_BEAT=True,
                           LOB_EMBEDDED_BEAT_FILE=str(tmp_path / "beat-schedule")):
        embedded_beat.reset()
        yield lambda: monkeypatch.setattr(embedded_beat._State, "next_check", 0.0)
        embedded_beat.reset()


def test_requests_run_the_due_sweep_and_rollup_refresh_in_process(world, beat):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 6, 50, tzinfo=AMS), tick=False) as t:
        client = Client()  # loads the middleware with the setting on
        assert client.get("/health/").status_code == 503  # never swept
        assert not SweepRun.objects.exists() and not RollupState.objects.exists()

        t.move_to(datetime.datetime(2026, 12, 1, 7, 1, tzinfo=AMS))
        beat()
        response = client.get("/health/")
        assert SweepRun.objects.filter(scope=SweepRun.Scope.DAILY).count() == 1
        assert response.status_code == 200, response.content
        refreshed = RollupState.objects.get(college=world.college, school_year=2026).refreshed_at

        # Within the minute nothing runs again; 15 minutes later the rollups are refreshed
        # and the sweep, done for today, is not repeated.
        client.get("/health/")
        t.move_to(datetime.datetime(2026, 12, 1, 7, 16, tzinfo=AMS))
        beat()
        client.get("/health/")
        assert RollupState.objects.get(college=world.college, school_year=2026).refreshed_at > refreshed
        assert SweepRun.objects.filter(scope=SweepRun.Scope.DAILY).count() == 1


def test_work_missed_while_the_server_was_down_runs_at_the_next_request(world, beat):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 6, 50, tzinfo=AMS), tick=False) as t:
        Client().get("/health/")
        embedded_beat.reset()  # the server stops; its schedule stays in the file
        t.move_to(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=AMS))
        Client().get("/health/")
        assert SweepRun.objects.filter(scope=SweepRun.Scope.DAILY).count() == 1


def test_off_with_a_broker():
    from django.core.exceptions import MiddlewareNotUsed

    with override_settings(LOB_EMBEDDED_BEAT=False), pytest.raises(MiddlewareNotUsed):
        embedded_beat.EmbeddedBeatMiddleware(lambda r: None)
