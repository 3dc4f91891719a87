"""Writes on the second line. Every change checks who may make it, happens in one transaction
and records who and when. State changes lock the referral (`select_for_update`) and check and
bump the version the user's form was built on (common.concurrency), so nobody silently
overwrites somebody else; the claim from the triage queue is a conditional UPDATE, so of two
people claiming one wins."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from common.concurrency import check_and_bump_version
from staff.models import User
from staff.roles import FIRST_LINE_ROLES, Role
from students.models import Student

from . import selectors
from .models import (
    CASE_WORK_STATUSES,
    OPEN_STATUSES,
    ActionStatus,
    CaseMember,
    CaseNote,
    Domain,
    Eligibility,
    Feedback,
    FeedbackKind,
    Finding,
    InstrumentResult,
    Outcome,
    Owner,
    Partner,
    PlanAction,
    Referral,
    Severity,
    Source,
    Status,
    Transition,
    Urgency,
    eligibility_on,
    transition_allowed,
)


def _not_allowed(referral: Referral, to_status: str) -> ValidationError:
    return ValidationError(
        _("A case that is “%(current)s” cannot go to “%(target)s”. Nothing was changed.")
        % {"current": referral.get_status_display(), "target": Status(to_status).label},
        code="transition",
    )


def may_refer(user, student: Student) -> bool:
    """First line: counsellors and care coordinators who see the student through their team or
    caseload. The LEC itself (intake referrals): its staff of the student's college."""
    if not Student.objects.visible_to(user).filter(pk=student.pk).exists():
        return False
    if selectors.is_lec_staff(user):
        return user.college_id == student.college_id
    return user.has_role(*FIRST_LINE_ROLES)


# --- referring ---------------------------------------------------------------------------------


@transaction.atomic
def referral_create(
    *,
    user: User,
    student: Student,
    reason: str,
    concern_domains: list[str],
    urgency: str,
    tried: str,
    student_knows: bool,
    student_agrees: bool,
    source: str = Source.TEAM,
) -> Referral:
    """Refer a student to their college's LEC; it lands in the triage queue at once."""
    if not may_refer(user, student):
        raise PermissionDenied
    if not selectors.is_lec_staff(user):
        source = Source.TEAM  # the first line always refers as the programme team
    errors = {}
    if source not in Source.values:
        errors["source"] = _("Choose where the referral comes from.")
    if not reason.strip():
        errors["reason"] = _("Describe why you refer the student.")
    if not tried.strip():
        errors["tried"] = _("Describe what has been tried already.")
    if not concern_domains or set(concern_domains) - set(Domain.values):
        errors["concern_domains"] = _("Choose at least one concern domain.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose the urgency.")
    if student_agrees and not student_knows:
        errors["student_agrees"] = _("A student cannot agree with a referral they do not know of.")
    if errors:
        raise ValidationError(errors)
    if Referral.objects.filter(student=student, status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            _("%(name)s already has an open referral to the LEC. Ask the LEC or the care "
              "coordinator about it instead of referring again.") % {"name": student.full_name},
            code="open_referral",
        )
    now = timezone.now()
    day = timezone.localdate(now)
    age = student.age_on(day)
    try:
        with transaction.atomic():
            return Referral.objects.create(
                college_id=student.college_id,
                student=student,
                team_id=student.programme.team_id,
                source=source,
                referred_by=user,
                referred_at=now,
                reason=reason.strip(),
                concern_domains=[d for d in Domain.values if d in set(concern_domains)],
                urgency=urgency,
                tried=tried.strip(),
                student_knows=student_knows,
                student_agrees=student_agrees,
                age_at_referral=age,
                had_start_qualification=student.has_start_qualification,
                eligibility=eligibility_on(
                    date_of_birth=student.date_of_birth,
                    has_start_qualification=student.has_start_qualification,
                    on=day,
                ),
                status=Status.SUBMITTED,
                status_changed_at=now,
            )
    except IntegrityError:
        # Someone referred the same student a moment ago (the one-open-referral constraint).
        raise ValidationError(
            _("%(name)s already has an open referral to the LEC.") % {"name": student.full_name},
            code="open_referral",
        ) from None


# --- helpers -----------------------------------------------------------------------------------


def _lock(referral_id: int, user: User, expected_version: int | None) -> Referral:
    referral = Referral.objects.select_for_update().filter(pk=referral_id).first()
    if referral is None or not selectors.may_work_on(user, referral):
        raise PermissionDenied
    if expected_version is not None:
        check_and_bump_version(referral, expected_version)
    return referral


def _move(referral: Referral, user: User, to_status: str, now, **fields) -> None:
    if not transition_allowed(referral.status, to_status):
        raise _not_allowed(referral, to_status)
    Transition.objects.create(
        referral=referral,
        from_status=referral.status,
        to_status=to_status,
        by=user,
        at=now,
        duration=now - referral.status_changed_at,
    )
    referral.status = to_status
    referral.status_changed_at = now
    for name, value in fields.items():
        setattr(referral, name, value)
    referral.save(update_fields=["status", "status_changed_at", *fields])


def _feedback(referral: Referral, user: User, kind: str, text: str, now) -> Feedback:
    feedback = Feedback.objects.create(
        referral=referral, kind=kind, text=text.strip(), author=user, created_at=now
    )
    Referral.objects.filter(pk=referral.pk).update(last_feedback_at=now)
    referral.last_feedback_at = now
    return feedback


def _check_lec_worker(worker: User, referral: Referral) -> None:
    if not (
        worker.is_active
        and worker.college_id == referral.college_id
        and worker.has_role(Role.LEC_WORKER, Role.LEC_LEAD)
    ):
        raise ValidationError({"worker": _("Choose an LEC worker of this college.")})


# --- triage ------------------------------------------------------------------------------------


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
        previous = referral.transitions.order_by("-at").first()
        Transition.objects.create(
            referral=referral,
            from_status=Status.SUBMITTED,
            to_status=Status.TRIAGE,
            by=user,
            at=now,
            duration=now - (previous.at if previous else referral.referred_at),
        )
        return referral


@transaction.atomic
def referral_assign(*, referral_id: int, user: User, worker: User,
                    expected_version: int) -> Referral:
    """Make `worker` the case worker of an open case."""
    referral = _lock(referral_id, user, expected_version)
    if referral.status not in (Status.TRIAGE, *CASE_WORK_STATUSES):
        raise ValidationError(_("Only a case in triage or in progress can get a case worker."))
    _check_lec_worker(worker, referral)
    referral.assigned_to = worker
    referral.save(update_fields=["assigned_to"])
    return referral


@transaction.atomic
def case_member_add(*, referral_id: int, user: User, worker: User,
                    expected_version: int) -> CaseMember:
    """Add an LEC worker to a case (they may then read its case file)."""
    referral = _lock(referral_id, user, expected_version)
    if not referral.is_open:
        raise ValidationError(_("Workers can only be added to an open case."))
    _check_lec_worker(worker, referral)
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
    referral = _lock(referral_id, user, expected_version)
    if not transition_allowed(referral.status, Status.DIAGNOSIS):
        raise _not_allowed(referral, Status.DIAGNOSIS)
    if trajectory not in Eligibility.values:
        raise ValidationError({"trajectory": _("Choose the trajectory.")})
    justification = justification.strip()
    if (trajectory == Eligibility.FULL and referral.eligibility == Eligibility.SHORT
            and not justification):
        raise ValidationError({"justification": _(
            "This student is eligible for a short intervention. Record why a full trajectory "
            "is justified.")})
    now = timezone.now()
    _move(referral, user, Status.DIAGNOSIS, now, trajectory=trajectory,
          eligibility_justification=justification, decided_at=now)
    return referral


@transaction.atomic
def referral_return(*, referral_id: int, user: User, feedback: str,
                    expected_version: int) -> Referral:
    """Not taken on: back to the first line with advice (the advice is mandatory)."""
    referral = _lock(referral_id, user, expected_version)
    if not transition_allowed(referral.status, Status.RETURNED):
        raise _not_allowed(referral, Status.RETURNED)
    if not feedback.strip():
        raise ValidationError({"feedback": _(
            "Write the advice for the first line: they need to know why and what to do now.")})
    now = timezone.now()
    _move(referral, user, Status.RETURNED, now, decided_at=now)
    _feedback(referral, user, FeedbackKind.RETURNED, feedback, now)
    return referral


@transaction.atomic
def referral_advance(*, referral_id: int, user: User, to_status: str, expected_version: int,
                     evaluation_date: datetime.date | None = None) -> Referral:
    """diagnosis → plan (needs a finding), plan → in progress (needs an action and an
    evaluation date), or reopen a closed case (→ in progress)."""
    referral = _lock(referral_id, user, expected_version)
    if to_status not in (Status.PLAN, Status.IN_PROGRESS) or not transition_allowed(
        referral.status, to_status
    ):
        raise _not_allowed(referral, to_status)
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
    _move(referral, user, to_status, timezone.now(), **fields)
    return referral


@transaction.atomic
def referral_close(*, referral_id: int, user: User, outcome: str, feedback: str,
                   expected_version: int) -> Referral:
    """Close the case with its outcome and the (mandatory) feedback to the first line."""
    referral = _lock(referral_id, user, expected_version)
    if not transition_allowed(referral.status, Status.CLOSED):
        raise _not_allowed(referral, Status.CLOSED)
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose the outcome of the case.")
    if not feedback.strip():
        errors["feedback"] = _("Write the feedback for the first line: how it ended and what "
                               "they should keep an eye on.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    _move(referral, user, Status.CLOSED, now, outcome=outcome, closed_at=now)
    _feedback(referral, user, FeedbackKind.CLOSURE, feedback, now)
    return referral


# --- the case file -----------------------------------------------------------------------------


def _lock_for_case_work(referral_id: int, user: User, statuses) -> Referral:
    referral = _lock(referral_id, user, None)
    if not selectors.may_read_case_file(user, referral):
        raise PermissionDenied
    if referral.status not in statuses:
        raise ValidationError(
            _("This case is “%(status)s” now: this cannot be added any more. Nothing was saved.")
            % {"status": referral.get_status_display()},
            code="state",
        )
    return referral


@transaction.atomic
def finding_add(*, referral_id: int, user: User, domain: str, severity: str,
                description: str) -> Finding:
    """Diagnose: record what is going on in one life domain."""
    referral = _lock_for_case_work(referral_id, user, CASE_WORK_STATUSES)
    errors = {}
    if domain not in Domain.values:
        errors["domain"] = _("Choose a life domain.")
    if severity not in Severity.values:
        errors["severity"] = _("Choose the severity.")
    if not description.strip():
        errors["description"] = _("Describe the finding.")
    if errors:
        raise ValidationError(errors)
    return Finding.objects.create(referral=referral, domain=domain, severity=severity,
                                  description=description.strip(), created_by=user,
                                  created_at=timezone.now())


@transaction.atomic
def instrument_add(*, referral_id: int, user: User, instrument: str,
                   administered_on: datetime.date, result: str,
                   interpretation: str) -> InstrumentResult:
    """Diagnose: an instrument used, its result and the worker's interpretation."""
    referral = _lock_for_case_work(referral_id, user, CASE_WORK_STATUSES)
    errors = {}
    if not instrument.strip():
        errors["instrument"] = _("Name the instrument.")
    if administered_on > timezone.localdate():
        errors["administered_on"] = _("The date cannot be in the future.")
    if not result.strip():
        errors["result"] = _("Record the result.")
    if not interpretation.strip():
        errors["interpretation"] = _("Interpret the result: what does it mean for this student?")
    if errors:
        raise ValidationError(errors)
    return InstrumentResult.objects.create(
        referral=referral, instrument=instrument.strip(), administered_on=administered_on,
        result=result.strip(), interpretation=interpretation.strip(), created_by=user,
        created_at=timezone.now(),
    )


@transaction.atomic
def plan_action_add(*, referral_id: int, user: User, description: str, owner: str,
                    partner: str, due_date: datetime.date | None) -> PlanAction:
    """Recept: an action with its owner (the student first), partner and due date."""
    referral = _lock_for_case_work(referral_id, user, (Status.PLAN, Status.IN_PROGRESS))
    errors = {}
    if not description.strip():
        errors["description"] = _("Describe the action.")
    if owner not in Owner.values:
        errors["owner"] = _("Every action needs an owner. Start with the student.")
    if partner and partner not in Partner.values:
        errors["partner"] = _("Choose a partner from the list.")
    elif owner == Owner.PARTNER and not partner:
        errors["partner"] = _("Name the partner who owns this action.")
    if due_date is None:
        errors["due_date"] = _("Set a due date.")
    elif due_date < timezone.localdate():
        errors["due_date"] = _("The due date cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    return PlanAction.objects.create(
        referral=referral, description=description.strip(), owner=owner, partner=partner,
        due_date=due_date, created_by=user, created_at=timezone.now(),
    )


@transaction.atomic
def plan_action_update(*, action_id: int, user: User, status: str, outcome: str,
                       expected_version: int) -> PlanAction:
    """Record how an action went. Refused when the action changed since the form was shown."""
    referral_id = PlanAction.objects.filter(pk=action_id).values_list("referral_id", flat=True)
    if not referral_id:
        raise PermissionDenied
    # The referral first, then the action: the same lock order as every other case change.
    _lock_for_case_work(referral_id[0], user, (Status.PLAN, Status.IN_PROGRESS))
    action = PlanAction.objects.get(pk=action_id)
    check_and_bump_version(action, expected_version)
    errors = {}
    if status not in ActionStatus.values:
        errors["status"] = _("Choose a status.")
    if status in (ActionStatus.DONE, ActionStatus.CANCELLED) and not outcome.strip():
        errors["outcome"] = _("Record the outcome of the action.")
    if errors:
        raise ValidationError(errors)
    action.status = status
    action.outcome = outcome.strip()
    action.completed_at = timezone.now() if status != ActionStatus.OPEN else None
    action.save(update_fields=["status", "outcome", "completed_at"])
    return action


@transaction.atomic
def case_note_add(*, referral_id: int, user: User, text: str, partner: str = "") -> CaseNote:
    """A note in the case file, e.g. what the youth doctor reported."""
    referral = _lock_for_case_work(referral_id, user, CASE_WORK_STATUSES)
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    if partner and partner not in Partner.values:
        raise ValidationError({"partner": _("Choose a partner from the list.")})
    return CaseNote.objects.create(referral=referral, partner=partner, text=text.strip(),
                                   author=user, created_at=timezone.now())


@transaction.atomic
def feedback_add(*, referral_id: int, user: User, text: str) -> Feedback:
    """Interim feedback to the first line while the case runs (no sensitive detail)."""
    referral = _lock_for_case_work(referral_id, user, CASE_WORK_STATUSES)
    if not text.strip():
        raise ValidationError({"text": _("Write the feedback for the first line.")})
    return _feedback(referral, user, FeedbackKind.PROGRESS, text, timezone.now())
