import datetime

import pytest
from django.utils import timezone

from lec import services
from lec.models import Status
from tests.factories.lec import ReferralFactory
from tests.factories.students import StudentFactory


def test_overview_counts_cases_per_worker_team_state_and_outcome(world, login):
    services.referral_close(referral_id=world.running_case.pk, user=world.lec_worker,
                            outcome="work", feedback="Werkt.",
                            expected_version=world.running_case.version)
    response = login(world.lec_lead).get("/lec/overview/")
    ctx = response.context
    per_worker = {row["assigned_to_id"]: row["open"] for row in ctx["per_worker"]}
    assert per_worker == {world.lec_worker.pk: 1, world.lec_worker2.pk: 1}
    teams = {row["team__name"]: row["total"] for row in ctx["per_team"]}
    assert teams == {"Zorg": 4, "Techniek": 1}  # the other college is not counted
    assert [(o["outcome"], o["n"]) for o in ctx["outcomes"]] == [("work", 1)]
    in_progress = next(s for s in ctx["states"] if s["status"] == Status.IN_PROGRESS)
    assert in_progress["avg_days_completed"] is not None  # the closure's transition
    assert ctx["totals"]["total"] == 5


@pytest.mark.parametrize("extra", [0, 49])
def test_overview_query_count_does_not_grow_with_the_data(world, login,
                                                          django_assert_num_queries, extra):
    for i in range(extra):
        ReferralFactory(student=StudentFactory(programme=world.programme),
                        referred_by=world.counsellor, status=Status.DIAGNOSIS,
                        assigned_to=world.lec_worker2 if i % 2 else world.lec_worker,
                        referred_at=timezone.now() - datetime.timedelta(days=i))
    client = login(world.lec_lead)
    client.get("/lec/overview/")
    # session, user, roles, six aggregates (per worker, transitions, current states, per team,
    # outcomes, totals), session save (savepoint, update, release)
    with django_assert_num_queries(12):
        client.get("/lec/overview/")


@pytest.mark.parametrize("extra", [0, 49])
def test_case_list_query_count_does_not_grow_with_the_data(world, login,
                                                           django_assert_num_queries, extra):
    for _ in range(extra):
        ReferralFactory(student=StudentFactory(programme=world.programme),
                        referred_by=world.counsellor, status=Status.PLAN,
                        assigned_to=world.lec_worker)
    client = login(world.lec_worker)
    client.get("/lec/cases/")
    # session, user, roles, count, page of cases, session save (3)
    with django_assert_num_queries(8):
        response = client.get("/lec/cases/")
    # Sanne's case and the running case, plus the extra ones (50 per page).
    assert len(response.context["page"].object_list) == min(extra + 2, 50)


def test_feedback_overdue_cases_are_flagged(world, login, time_machine):
    case = world.running_case
    case.decided_at = timezone.now() - datetime.timedelta(days=30)
    case.save(update_fields=["decided_at"])
    response = login(world.lec_worker).get("/lec/cases/")
    flagged = {r.pk: r.feedback_overdue for r in response.context["page"].object_list}
    assert flagged[case.pk] is True
    services.feedback_add(referral_id=case.pk, user=world.lec_worker, text="Tussenstand.")
    response = login(world.lec_worker).get("/lec/cases/")
    flagged = {r.pk: r.feedback_overdue for r in response.context["page"].object_list}
    assert flagged[case.pk] is False
