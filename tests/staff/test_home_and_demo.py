"""Home panels of the staff app, and the demo data step."""

import io

import pytest
from django.db.models import Count
from django.utils import timezone

from common.demo import DemoContext, demo_password_hash
from staff.demo import college_for_index, seed_cycles, seed_organisation
from staff.models import (
    Competency,
    CompetencyCategory,
    FeedbackResponse,
    ReviewCycle,
    Standard,
    TeamPlan,
)
from staff.selectors import feedback_summary

pytestmark = pytest.mark.django_db


def _titles(client, user):
    client.force_login(user)
    return [str(p.title) for p in client.get("/").context["panels"]]


def test_the_employee_sees_their_cycle_on_the_home_page(client, world):
    assert "Mijn gesprekscyclus" in _titles(client, world.counsellor)


def test_a_rater_sees_the_open_request(client, world):
    assert "Verzoeken om 360 graden feedback" in _titles(client, world.colleague)


def test_the_manager_sees_the_teams_cycles_and_hr_the_college(client, world):
    assert "Gesprekscycli van mijn team" in _titles(client, world.manager)
    assert "Gesprekscycli van het college" in _titles(client, world.hr)
    assert not {"Gesprekscycli van mijn team", "Gesprekscycli van het college"} & set(
        _titles(client, world.outsider))


def _ctx():
    college, domain = college_for_index(0)
    return DemoContext(college=college, index=0, today=timezone.localdate(),
                       password_hash=demo_password_hash(), stdout=io.StringIO(),
                       email_domain=domain)


def _snapshot():
    return (
        list(ReviewCycle.objects.order_by("employee__email").values_list("employee__email", "stage")),
        FeedbackResponse.objects.count(),
        TeamPlan.objects.count(),
    )


def test_the_demo_builds_frameworks_cycles_in_every_stage_and_plans_once(django_db_blocker):
    ctx = _ctx()
    seed_organisation(ctx)
    seed_cycles(ctx)
    first = _snapshot()
    seed_cycles(_ctx())
    assert _snapshot() == first  # idempotent

    core = CompetencyCategory.objects.filter(role_profile="").values_list("name", flat=True)
    assert list(core) == ["Taakvervulling en taakopvatting", "Resultaten",
                          "Employability/zelfontwikkeling", "Kwaliteit van de samenwerking"]
    assert Competency.objects.filter(category__role_profile="first_line").count() == 14
    assert Competency.objects.filter(category__role_profile="lec").count() == 7
    assert Standard.objects.count() == 6
    stages = dict(ReviewCycle.objects.values_list("stage").annotate(n=Count("pk")))
    assert set(stages) == {"pop", "functioning", "appraisal", "closed"}
    demo = ReviewCycle.objects.get(employee__email="counsellor@west.lob.demo")
    assert demo.stage == "pop"
    closed = ReviewCycle.objects.filter(stage="closed").first()
    assert feedback_summary(closed).group_keys == ["team"]  # two raters elsewhere: hidden


def test_the_demo_is_deterministic():
    seed_organisation(_ctx())
    seed_cycles(_ctx())
    first = _snapshot()
    ReviewCycle.objects.all().delete()
    TeamPlan.objects.all().delete()
    seed_cycles(_ctx())
    assert _snapshot() == first
