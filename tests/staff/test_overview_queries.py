"""List pages and overviews: a fixed number of queries whatever the data, figures from the DB."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from staff.models import StandardAssessment, TeamPlan, TeamPlanAction, Training
from tests.factories.staff import (
    CriterionFactory,
    CycleFactory,
    FeedbackRequestFactory,
    UserFactory,
    member,
)
from tests.staff.helpers import days

pytestmark = pytest.mark.django_db


def _grow(w, n: int):
    """n more team members with a cycle, open 360 requests, trainings and plan content."""
    for i in range(n):
        person = member(UserFactory(college=w.college, email=f"grow{i}@west.test"), w.team)
        cycle = CycleFactory(employee=person, manager=w.manager, team=w.team, framework=w.framework)
        FeedbackRequestFactory(cycle=cycle, rater=w.colleague, deadline=days(5))
        FeedbackRequestFactory(cycle=w.cycle, rater=person, deadline=days(5))
        Training.objects.create(cycle=cycle, area="ict", title="ICT", hours=3, status="completed",
                                completed_on=days(-1))
        plan = TeamPlan.objects.get(team=w.team)
        TeamPlanAction.objects.create(plan=plan, description=f"Actie {i}")
        criterion = CriterionFactory(standard=w.standard)
        StandardAssessment.objects.create(team=w.team, school_year=w.school_year,
                                          criterion=criterion, score=3)


PAGES = [
    ("hr", "/staff/cycles/"),
    ("manager", "/staff/cycles/"),
    ("manager", "/staff/team/"),
    ("hr", "/staff/cycles/overview/"),
    ("colleague", "/staff/feedback/"),
    ("counsellor", "/staff/trainings/"),
    ("director", "/staff/team-plans/"),
    ("director", "/staff/standards/"),
    ("hr", "/staff/frameworks/"),
]


def _count(client, user, path):
    client.force_login(user)
    client.get(path)  # warm up: session, content types
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona,path", PAGES, ids=[f"{p}:{u}" for p, u in PAGES])
def test_query_count_does_not_grow_with_the_data(client, world, persona, path,
                                                 django_assert_num_queries):
    user = getattr(world, persona)
    small = _count(client, user, path)
    _grow(world, 50)
    with django_assert_num_queries(small):
        client.get(path)
    assert small == PINNED[(persona, path)], f"{persona} {path}: {small} queries"


# Whole requests, including the session, the user, their roles and the navigation of every app.
PINNED = {
    ("hr", "/staff/cycles/"): 6,
    ("manager", "/staff/cycles/"): 6,
    ("manager", "/staff/team/"): 6,
    ("hr", "/staff/cycles/overview/"): 4,
    ("colleague", "/staff/feedback/"): 5,
    ("counsellor", "/staff/trainings/"): 6,
    ("director", "/staff/team-plans/"): 4,
    ("director", "/staff/standards/"): 6,
    ("hr", "/staff/frameworks/"): 4,
}


def test_the_team_overview_counts_open_requests_and_training_hours(client, world):
    _grow(world, 3)
    client.force_login(world.manager)
    members = {m.pk: m for m in client.get("/staff/team/").context["page"].object_list}
    counsellor = members[world.counsellor.pk]
    assert counsellor.cycle_id == world.cycle.pk and counsellor.cycle_stage == "pop"
    assert counsellor.open_requests == 4  # the world's request plus three
    assert counsellor.hours_completed == 0 and counsellor.hours_planned == 16
    grown = [m for m in members.values() if m.email.startswith("grow")]
    assert all(m.hours_completed == 3 and m.open_requests == 1 for m in grown)
    assert members[world.colleague.pk].cycle_id is None


def test_hr_sees_completion_per_team_and_stage(client, world):
    _grow(world, 2)
    client.force_login(world.hr)
    rows = {t.pk: t for t in client.get("/staff/cycles/overview/").context["rows"]}
    team = rows[world.team.pk]
    assert team.cycles == 3 and team.stage_pop == 3 and team.stage_closed == 0
    assert team.members == 5  # counsellor, colleague, care coordinator and two grown
    assert (team.invited, team.answered) == (5, 0)
    assert rows[world.other_team.pk].cycles == 0


def test_completed_has_one_definition_on_hr_overview_and_dashboard(client, world):
    """Issue 16: "Afgerond" was closed cycles per staff member on the cycle overview and per
    cycle on the dashboard. One definition (staff.selectors.cycles_completed_share), named
    the same on both pages."""
    _grow(world, 2)  # 3 cycles in the team, 5 staff
    world.cycle.stage = "closed"
    world.cycle.save(update_fields=["stage"])
    client.force_login(world.hr)
    overview = client.get("/staff/cycles/overview/")
    team = {t.pk: t for t in overview.context["rows"]}[world.team.pk]
    assert (team.cycles, team.stage_closed, team.members) == (3, 1, 5)
    assert team.completion == 33  # 1 of 3 cycles, not 1 of 5 staff
    assert "Afgerond (% van de cycli)" in overview.content.decode()
    # The college view reads the staff figures from the rollup, as refreshed every 15 minutes.
    from django.core.management import call_command

    call_command("rollups_rebuild", stdout=open("/dev/null", "w"))
    client.force_login(world.director)
    html = client.get(f"/dashboards/college/{world.college.pk}/?year={world.school_year}").content.decode()
    assert "Afgerond (% van de cycli)" in html
    from tests.dashboards.html import table_rows

    header, *rows = table_rows(html, "table-teams")
    row = next(r for r in rows if r[0] == world.team.name)
    assert row[header.index("Afgerond (% van de cycli)")] == "33%"
