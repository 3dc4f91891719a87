"""Helpers for reminder tests: run the sweep at a frozen moment and read what it recorded."""

import datetime
import zoneinfo

import pytest
import time_machine

from lob.notifications import services
from lob.notifications.models import Notification

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# A Tuesday, well before the shared world's objects (built at the real "now") come due.
DAY = datetime.date(2026, 3, 10)


def at(day: datetime.date, hour: int = 7) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=AMSTERDAM)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def sweep_on():
    """sweep_on(day, scope="daily"): the sweep as beat runs it at 07:00 on `day`."""

    def run(day: datetime.date, scope: str = "daily"):
        with time_machine.travel(at(day), tick=False):
            return services.reminders_sweep(scope=scope)

    return run


def reminders(kind: str, obj) -> list[tuple[int, str]]:
    """(recipient id, period) of every `kind` reminder about `obj`, sorted."""
    return sorted(
        Notification.objects.filter(kind=kind, object_id=obj.pk).values_list("recipient_id", "period")
    )
