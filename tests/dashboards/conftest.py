import pytest
import time_machine
from django.core.cache import cache

from lob.dashboards.services import dashboard_refresh
from tests.dashboards import data


@pytest.fixture
def frozen():
    """The clock at 15 March 2026, 12:00; `frozen.shift(seconds)` moves it on."""
    with time_machine.travel(data.NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def d(db, frozen):
    """The hand-made college with its rollups computed, at 15 March 2026."""
    d = data.build()
    for year in range(data.YEAR - 4, data.YEAR + 1):
        dashboard_refresh(school_year=year, today=data.TODAY)
    return d


@pytest.fixture
def refresh_later(frozen):
    """Refresh the running year's rollups a minute later (as beat or the button would)."""
    def refresh():
        frozen.shift(60)
        dashboard_refresh(school_year=data.YEAR, today=data.TODAY)

    return refresh


@pytest.fixture
def page_queries(client, django_assert_num_queries):
    """Get a page twice: the first time its figures are computed (`computed` queries), the
    second time they come from the cache (`cached` queries). Returns the second response."""
    def get(url, *, computed: int, cached: int):
        cache.clear()
        with django_assert_num_queries(computed):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(cached):
            response = client.get(url)
        assert response.status_code == 200
        return response

    return get
