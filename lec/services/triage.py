"""Triage and the course of a case: claim, case worker and members, accept or return,
advance, close. Each change locks the referral and checks the version the form was built on;
the claim is a conditional UPDATE, so of two people claiming one wins."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from staff.models import User

from .. import selectors
from ..models import (
    CASE_WORK_STATUSES,
    ActionStatus,
    CaseAssignment,
    CaseMember,
    ClosingChoice,
    Eligibility,
    FeedbackKind,
    Outcome,
    Owner,
    PlanAction,
    Referral,
    Status,
    Transition,
    closing_decision_field,
    transition_allowed,
)
from .referral import (
    check_lec_worker,
    lock_referral,
    move_referral,
    transition_refused,
    write_feedback,
)


def referral_claim(*, referral_id: int, user: User) -> Referral:
    """Take a new referral from the queue: the claimer becomes case worker and triages it.
    A conditional UPDATE: when two people claim at once exactly one row changes."""
    if not selectors.is_lec_staff(user):
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        claimed = Referral.objects.filter(
            pk=referral_id, college_id=user.college_id, status=Status.SUBMITTED
        ).update(
            status=Status.TRIAGE,
            assigned_to=user,
            triaged_at=now,
            status_changed_at=now,
            version=F("version") + 1,
        )
        if claimed != 1:
            current = Referral.objects.filter(
                pk=referral_id, college_id=user.college_id
            ).select_related("assigned_to").first()
            if current is None:
                raise PermissionDenied
            if current.status == Status.TRIAGE and current.assigned_to:
                raise ValidationError(
                    _("%(name)s claimed this referral first. It is theirs now.")
                    % {"name": current.assigned_to.get_full_name()},
                    code="claimed",
                )
            raise ValidationError(
                _("This referral is no longer waiting to be claimed (it is “%(status)s”).")
                % {"status": current.get_status_display()},
                code="claimed",
            )
        referral = Referral.objects.get(pk=referral_id)
        # A referral in the queue has no team: whoever was put on it before the claim (as the
        # self-add hole allowed) does not keep its case file.
        CaseMember.objects.filter(referral=referral).delete()
        previous = referral.transitions.order_by("-at").first()
        Transition.objects.create(
            referral=referral,
            from_status=Status.SUBMITTED,
            to_status=Status.TRIAGE,
            by=user,
            at=now,
            duration=now - (previous.at if previous else referral.referred_at),
        )
        CaseAssignment.objects.create(referral=referral, worker=user, previous=None, by=user,
                                      at=now)
        return referral


@transaction.atomic
def referral_assign(*, referral_id: int, user: User, worker: User,
                    expected_version: int) -> Referral:
    """Make `worker` the case worker: of an open case (the LEC lead or the case worker), or —
    by the LEC lead only — of a new referral in the queue, which then goes to triage with
    `worker` triaging it, as if they had claimed it. Every assignment joins the history."""
    referral = lock_referral(referral_id, user, expected_version)
    now = timezone.now()
    previous = referral.assigned_to
    if referral.status == Status.SUBMITTED:
        if not selectors.is_lec_lead(user):
            raise PermissionDenied
        check_lec_worker(worker, referral)
        # Nobody is on a referral in the queue (see referral_claim).
        CaseMember.objects.filter(referral=referral).delete()
        move_referral(referral, user, Status.TRIAGE, now, assigned_to=worker, triaged_at=now)
    else:
        if not selectors.may_manage_team(user, referral):
            raise PermissionDenied
        if referral.status not in (Status.TRIAGE, *CASE_WORK_STATUSES):
            raise ValidationError(_("Only a case in triage or in progress can get a case "
                                    "worker."))
        check_lec_worker(worker, referral)
        if previous is not None and worker.pk == previous.pk:
            return referral  # already theirs: nothing to record
        referral.assigned_to = worker
        referral.save(update_fields=["assigned_to"])
    CaseAssignment.objects.create(referral=referral, worker=worker, previous=previous, by=user,
                                  at=now)
    return referral


@transaction.atomic
def case_member_add(*, referral_id: int, user: User, worker: User,
                    expected_version: int) -> CaseMember:
    """Add an LEC worker to a case (they may then read its case file). Only the LEC lead and
    the case worker decide who is on a case: a worker cannot add themselves to a referral in
    the queue and so keep its case file after someone else claims it."""
    referral = lock_referral(referral_id, user, expected_version)
    if not selectors.may_manage_team(user, referral):
        raise PermissionDenied
    if not referral.is_open:
        raise ValidationError(_("Workers can only be added to an open case."))
    check_lec_worker(worker, referral)
    if worker.pk == referral.assigned_to_id or referral.members.filter(user=worker).exists():
        raise ValidationError({"worker": _("%(name)s is already on this case.")
                               % {"name": worker.get_full_name()}})
    return CaseMember.objects.create(referral=referral, user=worker, added_by=user,
                                     added_at=timezone.now())


@transaction.atomic
def referral_accept(*, referral_id: int, user: User, trajectory: str, justification: str,
                    expected_version: int) -> Referral:
    """Take the case on: triage → diagnosis, with the trajectory decided. Going beyond the
    computed eligibility needs a recorded justification."""
    referral = lock_referral(referral_id, user, expected_version)
    if not transition_allowed(referral.status, Status.DIAGNOSIS):
        raise transition_refused(referral, Status.DIAGNOSIS)
    if trajectory not in Eligibility.values:
        raise ValidationError({"trajectory": _("Choose the trajectory.")})
    justification = justification.strip()
    if (trajectory == Eligibility.FULL and referral.eligibility == Eligibility.SHORT
            and not justification):
        raise ValidationError({"justification": _(
            "This student is eligible for a short intervention. Record why a full trajectory "
            "is justified.")})
    now = timezone.now()
    move_referral(referral, user, Status.DIAGNOSIS, now, trajectory=trajectory,
          eligibility_justification=justification, decided_at=now)
    return referral


@transaction.atomic
def referral_return(*, referral_id: int, user: User, feedback: str,
                    expected_version: int) -> Referral:
    """Not taken on: back to the first line with advice (the advice is mandatory)."""
    referral = lock_referral(referral_id, user, expected_version)
    if not transition_allowed(referral.status, Status.RETURNED):
        raise transition_refused(referral, Status.RETURNED)
    if not feedback.strip():
        raise ValidationError({"feedback": _(
            "Write the advice for the first line: they need to know why and what to do now.")})
    now = timezone.now()
    move_referral(referral, user, Status.RETURNED, now, decided_at=now)
    write_feedback(referral, user, FeedbackKind.RETURNED, feedback, now)
    return referral


@transaction.atomic
def referral_advance(*, referral_id: int, user: User, to_status: str, expected_version: int,
                     evaluation_date: datetime.date | None = None) -> Referral:
    """diagnosis → plan (needs a finding), plan → in progress (needs an action and an
    evaluation date), or reopen a closed case (→ in progress)."""
    referral = lock_referral(referral_id, user, expected_version)
    if to_status not in (Status.PLAN, Status.IN_PROGRESS) or not transition_allowed(
        referral.status, to_status
    ):
        raise transition_refused(referral, to_status)
    fields = {}
    if to_status == Status.PLAN and not referral.findings.exists():
        raise ValidationError(_("Record at least one finding before you make the plan."),
                              code="needs_finding")
    if referral.status == Status.PLAN:
        if not referral.actions.exists():
            raise ValidationError(_("Add at least one plan action before the plan starts."))
        if evaluation_date is None:
            raise ValidationError({"evaluation_date": _("Set the date on which the plan is "
                                                          "evaluated.")})
        if evaluation_date < timezone.localdate():
            raise ValidationError({"evaluation_date": _("The evaluation date cannot be in the "
                                                          "past.")})
        fields["evaluation_date"] = evaluation_date
    if referral.status == Status.CLOSED:
        fields.update(closed_at=None, outcome="")
    move_referral(referral, user, to_status, timezone.now(), **fields)
    return referral


@transaction.atomic
def referral_close(*, referral_id: int, user: User, outcome: str, feedback: str,
                   expected_version: int,
                   action_decisions: dict[int, str] | None = None) -> Referral:
    """Close the case with its outcome and the (mandatory) feedback to the first line. Every
    plan action still open needs a decision (`action_decisions`: {action id: ClosingChoice}):
    done, cancelled, or handed to the first line (the counsellor, who then finds it among
    their follow-ups). All of it happens, or nothing."""
    referral = lock_referral(referral_id, user, expected_version)
    if not transition_allowed(referral.status, Status.CLOSED):
        raise transition_refused(referral, Status.CLOSED)
    action_decisions = action_decisions or {}
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose the outcome of the case.")
    if not feedback.strip():
        errors["feedback"] = _("Write the feedback for the first line: how it ended and what "
                               "they should keep an eye on.")
    open_actions = list(PlanAction.objects.select_for_update()
                        .filter(referral=referral, status=ActionStatus.OPEN).order_by("pk"))
    undecided = [a for a in open_actions if action_decisions.get(a.pk) not in ClosingChoice.values]
    for action in undecided:
        errors[closing_decision_field(action.pk)] = _(
            "This action is still open: say what becomes of it.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for action in open_actions:
        _settle_on_closing(action, action_decisions[action.pk], user, now)
    move_referral(referral, user, Status.CLOSED, now, outcome=outcome, closed_at=now)
    write_feedback(referral, user, FeedbackKind.CLOSURE, feedback, now)
    return referral


def _settle_on_closing(action: PlanAction, choice: str, user: User, now) -> None:
    if choice == ClosingChoice.FIRST_LINE:
        # The counsellor carries it on: it stays open, now theirs.
        action.owner = Owner.COUNSELLOR
        action.partner = ""
        action.handed_over_at = now
        fields = ["owner", "partner", "handed_over_at"]
    else:
        action.status = (ActionStatus.DONE if choice == ClosingChoice.DONE
                         else ActionStatus.CANCELLED)
        action.completed_at = now
        action.completed_by = user
        if not action.outcome:
            action.outcome = str(ClosingChoice(choice).label)
        fields = ["status", "completed_at", "completed_by", "outcome"]
    action.version += 1
    action.save(update_fields=[*fields, "version"])
