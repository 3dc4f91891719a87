"""Two LEC workers claim one referral at the same moment: exactly one wins.

A real race needs a real database with row locks: PostgreSQL. On SQLite the test is skipped,
unless LOB_REQUIRE_SERVICES=1 (CI), where it must fail instead."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from lec import services
from lec.models import Referral, Status, Transition
from tests.factories.lec import ReferralFactory
from tests.factories.staff import UserFactory


# serialized_rollback: the flush after a transactional test also removes the role groups
# that a data migration made; they are restored before the test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("attempt", range(5))
def test_two_workers_claiming_at_once_exactly_one_wins(postgres_only, world, attempt):
    rival = UserFactory(college=world.college, roles=["lec_worker"])
    referral = ReferralFactory(student=world.unreferred_student, referred_by=world.counsellor)
    start = threading.Barrier(2)
    results: dict[str, object] = {}

    def claim(user):
        try:
            start.wait(timeout=10)
            services.referral_claim(referral_id=referral.pk, user=user)
            results[user.email] = "won"
        except ValidationError as exc:
            results[user.email] = exc.messages[0]
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results[user.email] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(u,)) for u in (world.lec_worker, rival)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    outcomes = sorted(map(str, results.values()))
    assert len(results) == 2, results
    assert outcomes.count("won") == 1, results
    winner = next(email for email, r in results.items() if r == "won")
    loser_message = next(r for r in results.values() if r != "won")
    referral = Referral.objects.select_related("assigned_to").get(pk=referral.pk)
    assert referral.status == Status.TRIAGE
    assert referral.assigned_to.email == winner
    assert referral.version == 2
    assert referral.assigned_to.get_full_name() in loser_message  # the loser is told who won
    assert Transition.objects.filter(referral=referral).count() == 1
