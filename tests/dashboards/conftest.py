import pytest
import time_machine

from lob.dashboards.services import dashboard_refresh
from tests.dashboards import data


@pytest.fixture
def frozen():
    with time_machine.travel(data.NOW, tick=False):
        yield


@pytest.fixture
def d(db, frozen):
    """The hand-made college with its rollups computed, at 15 March 2026."""
    d = data.build()
    for year in range(data.YEAR - 4, data.YEAR + 1):
        dashboard_refresh(school_year=year, today=data.TODAY)
    return d
