import datetime

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
    # lec_worker: Sanne's case and the handed_case (issue 16); the running case is closed.
    assert per_worker == {world.lec_worker.pk: 2, world.lec_worker2.pk: 1}
    teams = {row["team__name"]: row["total"] for row in ctx["per_team"]}
    assert teams == {"Zorg": 5, "Techniek": 1}  # the other college is not counted
    assert [(o["outcome"], o["n"]) for o in ctx["outcomes"]] == [("work", 1)]
    in_progress = next(s for s in ctx["states"] if s["status"] == Status.IN_PROGRESS)
    assert in_progress["avg_days_completed"] is not None  # the closure's transition
    assert ctx["totals"]["total"] == 6


def _diagnosis_cases(world, n, status=Status.DIAGNOSIS):
    for i in range(n):
        ReferralFactory(student=StudentFactory(programme=world.programme),
                        referred_by=world.counsellor, status=status,
                        assigned_to=world.lec_worker2 if i % 2 else world.lec_worker,
                        referred_at=timezone.now() - datetime.timedelta(days=i))


def test_overview_query_count_does_not_grow_with_the_data(world, login, page_queries):
    client = login(world.lec_lead)
    client.get("/lec/overview/")
    small, small_lec, _ = page_queries(client, "/lec/overview/")
    _diagnosis_cases(world, 49)
    large, large_lec, _ = page_queries(client, "/lec/overview/")
    # Six aggregates: per worker, days per completed state, current states, per team,
    # outcomes, totals.
    assert small_lec == large_lec == 6
    assert small == large


def test_case_list_query_count_does_not_grow_with_the_data(world, login, page_queries):
    client = login(world.lec_worker)
    client.get("/lec/cases/")
    small, small_lec, response = page_queries(client, "/lec/cases/")
    # Sanne's case, the running case and the handed_case.
    assert len(response.context["page"].object_list) == 3
    _diagnosis_cases(world, 49, status=Status.PLAN)
    large, large_lec, response = page_queries(client, "/lec/cases/")
    assert len(response.context["page"].object_list) == 3 + 25  # half are lec_worker2's
    # The paginator's count and the page of cases (with student, programme, team, worker).
    assert small_lec == large_lec == 2
    assert small == large


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
