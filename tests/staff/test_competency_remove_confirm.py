"""Issue 16: removing a competency asked nothing — one click and it was gone. Now the button
leads to a page that says what goes; only its POST with `confirm` removes it."""

import pytest

from staff.models import Competency

pytestmark = pytest.mark.django_db


def _competency(world):
    return world.framework.categories.first().competencies.first()


def _url(world, competency):
    return f"/staff/frameworks/{world.framework.pk}/competencies/{competency.pk}/remove/"


def test_the_remove_button_asks_first(client, world):
    competency = _competency(world)
    client.force_login(world.hr)
    detail = client.get(f"/staff/frameworks/{world.framework.pk}/").content.decode()
    assert f'href="{_url(world, competency)}"' in detail  # a link to the question, no form
    page = client.get(_url(world, competency))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="remove-confirm"' in html and competency.name in html
    assert Competency.objects.filter(pk=competency.pk).exists()


def test_a_post_without_confirm_removes_nothing(client, world):
    competency = _competency(world)
    client.force_login(world.hr)
    count = Competency.objects.count()
    response = client.post(_url(world, competency), {"revision": world.framework.revision})
    assert response.status_code == 200 and "remove-confirm" in response.content.decode()
    assert Competency.objects.count() == count


def test_confirming_removes_it(client, world):
    competency = _competency(world)
    client.force_login(world.hr)
    response = client.post(_url(world, competency),
                           {"revision": world.framework.revision, "confirm": "1"})
    assert response.status_code == 302
    from staff.models import CompetencyFramework

    latest = CompetencyFramework.objects.filter(
        college=world.college, name=world.framework.name).order_by("-version", "-pk").first()
    before = Competency.objects.filter(category__framework=world.framework).count()
    after = Competency.objects.filter(category__framework=latest).count()
    assert after == before - 1
