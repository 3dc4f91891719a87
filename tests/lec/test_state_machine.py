"""Every legal and every illegal transition, through the services that make them."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lec import services
from lec.models import TRANSITIONS, Outcome, PlanAction, Status, Transition
from tests.factories.lec import FindingFactory, PlanActionFactory, ReferralFactory
from tests.factories.students import StudentFactory

from .conftest import snapshot

LEGAL = {
    (Status.SUBMITTED, Status.TRIAGE),
    (Status.TRIAGE, Status.DIAGNOSIS),
    (Status.TRIAGE, Status.RETURNED),
    (Status.DIAGNOSIS, Status.PLAN),
    (Status.PLAN, Status.IN_PROGRESS),
    (Status.IN_PROGRESS, Status.CLOSED),
    (Status.CLOSED, Status.IN_PROGRESS),
}
# Every state a service can move a referral to (nothing ever goes back to "submitted").
TARGETS = [s for s in Status.values if s != Status.SUBMITTED]


def test_the_transition_table_is_exactly_the_issue_s_state_machine():
    table = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert table == LEGAL


def _referral_in(world, status):
    referral = ReferralFactory(
        student=StudentFactory(programme=world.programme), referred_by=world.counsellor,
        status=status, assigned_to=None if status == Status.SUBMITTED else world.lec_worker,
        outcome=Outcome.WORK if status == Status.CLOSED else "",
        closed_at=timezone.now() if status == Status.CLOSED else None,
    )
    # Satisfy the content rules, so that only the state decides.
    FindingFactory(referral=referral, created_by=world.lec_worker)
    PlanActionFactory(referral=referral, created_by=world.lec_worker)
    return referral


def _go(referral, user, target):
    kw = {"referral_id": referral.pk, "user": user}
    version = {"expected_version": referral.version}
    if target == Status.TRIAGE:
        return services.referral_claim(**kw)
    if target == Status.DIAGNOSIS:
        return services.referral_accept(**kw, **version, trajectory="full",
                                        justification="Nodig.")
    if target == Status.RETURNED:
        return services.referral_return(**kw, **version, feedback="Eerst thuis bespreken.")
    if target == Status.CLOSED:
        return services.referral_close(**kw, **version, outcome=Outcome.WORK,
                                       feedback="Werkt nu bij een zorginstelling.",
                                       action_decisions=_all_done(referral))
    return services.referral_advance(
        **kw, **version, to_status=target,
        evaluation_date=timezone.localdate() + datetime.timedelta(days=30))


def _all_done(referral) -> dict[int, str]:
    """Closing decides on every open plan action: here, all done."""
    open_ids = PlanAction.objects.filter(referral_id=referral.pk, status="open")
    return dict.fromkeys(open_ids.values_list("pk", flat=True), "done")


@pytest.mark.parametrize(("source", "target"), sorted(itertools.product(Status.values, TARGETS)))
def test_transition_is_made_only_when_legal_and_recorded(world, source, target):
    referral = _referral_in(world, source)
    before = snapshot(referral)
    if (source, target) in LEGAL:
        _go(referral, world.lec_worker, target)
        referral.refresh_from_db()
        assert referral.status == target
        assert referral.version == before[1] + 1
        record = Transition.objects.get(referral=referral)
        assert (record.from_status, record.to_status, record.by) == (source, target,
                                                                      world.lec_worker)
        assert abs((timezone.now() - record.at).total_seconds()) < 60
        assert referral.status_changed_at == record.at
    else:
        with pytest.raises(ValidationError):
            _go(referral, world.lec_worker, target)
        assert snapshot(referral) == before


def test_reopening_clears_the_closure_but_keeps_the_feedback(world):
    referral = _referral_in(world, Status.IN_PROGRESS)
    _go(referral, world.lec_worker, Status.CLOSED)
    referral.refresh_from_db()
    assert referral.outcome == Outcome.WORK and referral.closed_at is not None
    _go(referral, world.lec_worker, Status.IN_PROGRESS)
    referral.refresh_from_db()
    assert (referral.status, referral.outcome, referral.closed_at) == ("in_progress", "", None)
    assert referral.feedback.filter(kind="closure").count() == 1


def test_a_stale_version_is_refused_and_nothing_changes(world):
    referral = _referral_in(world, Status.IN_PROGRESS)
    stale = referral.version
    services.feedback_add(referral_id=referral.pk, user=world.lec_worker, text="Tussenstand.")
    services.referral_assign(referral_id=referral.pk, user=world.lec_lead, worker=world.lec_worker,
                             expected_version=stale)  # somebody else changes the case
    before = snapshot(referral)
    with pytest.raises(ValidationError) as exc:
        services.referral_close(referral_id=referral.pk, user=world.lec_worker,
                                outcome=Outcome.WORK, feedback="Klaar.", expected_version=stale)
    assert exc.value.code == "stale"
    assert snapshot(referral) == before


def test_diagnosis_needs_a_finding_before_the_plan(world):
    referral = ReferralFactory(student=StudentFactory(programme=world.programme),
                               referred_by=world.counsellor, status=Status.DIAGNOSIS,
                               assigned_to=world.lec_worker)
    before = snapshot(referral)
    with pytest.raises(ValidationError) as exc:
        _go(referral, world.lec_worker, Status.PLAN)
    assert exc.value.code == "needs_finding"
    assert snapshot(referral) == before


@pytest.mark.parametrize("missing", ["action", "evaluation_date", "past_evaluation_date"])
def test_the_plan_starts_only_with_an_action_and_an_evaluation_date(world, missing):
    referral = ReferralFactory(student=StudentFactory(programme=world.programme),
                               referred_by=world.counsellor, status=Status.PLAN,
                               assigned_to=world.lec_worker)
    if missing != "action":
        PlanActionFactory(referral=referral)
    evaluation = {
        "action": timezone.localdate(),
        "evaluation_date": None,
        "past_evaluation_date": timezone.localdate() - datetime.timedelta(days=1),
    }[missing]
    before = snapshot(referral)
    with pytest.raises(ValidationError):
        services.referral_advance(referral_id=referral.pk, user=world.lec_worker,
                                  to_status=Status.IN_PROGRESS, expected_version=referral.version,
                                  evaluation_date=evaluation)
    assert snapshot(referral) == before


def test_only_staff_who_may_work_on_the_case_can_move_it(world):
    from django.core.exceptions import PermissionDenied

    referral = world.other_case  # lec_worker2's case
    FindingFactory(referral=referral)
    before = snapshot(referral)
    for user in (world.lec_worker, world.counsellor, world.foreign_lec_lead, world.admin):
        with pytest.raises(PermissionDenied):
            _go(referral, user, Status.PLAN)
    assert snapshot(referral) == before
    _go(referral, world.lec_lead, Status.PLAN)  # the LEC lead may
