"""check_and_bump_version: of two edits from the same version exactly one wins."""

import pytest
from django.core.exceptions import ValidationError

from common.concurrency import STALE_MESSAGE, check_and_bump_version
from staff.models import TeamPlan
from tests.factories.staff import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return TeamPlan.objects.create(team=TeamFactory(), school_year=2026)


def test_the_form_version_wins_once_and_the_second_is_stale(plan):
    other_tab = TeamPlan.objects.get(pk=plan.pk)
    check_and_bump_version(plan, 1)
    assert plan.version == 2
    with pytest.raises(ValidationError) as excinfo:
        check_and_bump_version(other_tab, 1)
    assert excinfo.value.code == "stale" and excinfo.value.messages == [str(STALE_MESSAGE)]
    assert TeamPlan.objects.get(pk=plan.pk).version == 2


def test_without_a_form_version_it_still_moves_so_open_forms_go_stale(plan):
    check_and_bump_version(plan, None)
    assert plan.version == TeamPlan.objects.get(pk=plan.pk).version == 2
    with pytest.raises(ValidationError):
        check_and_bump_version(plan, 1)


def test_a_row_that_left_the_needed_state_is_stale(plan):
    with pytest.raises(ValidationError):
        check_and_bump_version(plan, 1, where={"school_year": 2025})
    assert TeamPlan.objects.get(pk=plan.pk).version == 1
