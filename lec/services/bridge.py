"""The care coordinator's bridge: advice in the triage of their teams' referrals, and the
consultation a counsellor asks them for before referring. Both tell who must know through
lec.signals (an in-app notification and the digest)."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.concurrency import check_and_bump_version
from common.idempotency import create_once, made_with
from staff.models import User
from students.models import Student

from .. import selectors
from ..models import QUEUE_STATUSES, Consultation, Referral, TriageAdvice, TriageRecommendation
from ..signals import Event
from .referral import may_refer, tell_first_line


@transaction.atomic
def triage_advice_add(*, referral_id: int, user: User, recommendation: str, text: str,
                      submission_token: uuid.UUID | None = None) -> TriageAdvice:
    """A care coordinator's advice on a referral of their team while it waits for triage."""
    referral = Referral.objects.select_for_update().filter(pk=referral_id).first()
    if referral is None or not selectors.coordinates_team_of(user, referral):
        raise PermissionDenied
    earlier = made_with(TriageAdvice, submission_token, author=user)
    if (found := earlier()) is not None:
        return found
    if referral.status not in QUEUE_STATUSES:
        raise ValidationError(
            _("The LEC has decided on this referral (it is “%(status)s”): triage advice is no "
              "longer possible. Nothing was saved.") % {"status": referral.get_status_display()},
            code="state")
    errors = {}
    if recommendation not in TriageRecommendation.values:
        errors["recommendation"] = _("Choose what you recommend.")
    if not text.strip():
        errors["text"] = _("Write your advice: what does the team know, what do you suggest?")
    if errors:
        raise ValidationError(errors)
    return create_once(earlier, lambda: TriageAdvice.objects.create(
        referral=referral, author=user, recommendation=recommendation, text=text.strip(),
        created_at=timezone.now(), submission_token=submission_token))[0]


@transaction.atomic
def consultation_ask(*, user: User, student: Student, coordinator: User, question: str,
                     submission_token: uuid.UUID | None = None) -> Consultation:
    """"Overleggen met de zorgcoördinator": ask a care coordinator of the student's team about
    the student. The coordinator is told (in-app and in the digest)."""
    if not may_refer(user, student):
        raise PermissionDenied
    earlier = made_with(Consultation, submission_token, asked_by=user)
    if (found := earlier()) is not None:
        return found
    errors = {}
    if coordinator is None or coordinator.pk not in {
            c.pk for c in selectors.coordinators_of(student)}:
        errors["coordinator"] = _("Choose a care coordinator of the student's team.")
    elif coordinator.pk == user.pk:
        errors["coordinator"] = _("You cannot ask yourself.")
    if not question.strip():
        errors["question"] = _("Write your question for the care coordinator.")
    if errors:
        raise ValidationError(errors)
    consultation, created = create_once(earlier, lambda: Consultation.objects.create(
        college_id=student.college_id, student=student, team_id=student.programme.team_id,
        asked_by=user, coordinator=coordinator, question=question.strip(),
        asked_at=timezone.now(), submission_token=submission_token))
    if created:
        tell_first_line(Event.CONSULTATION_ASKED, object_id=consultation.pk, student=student,
                        recipient_ids={coordinator.pk}, target_id=consultation.pk)
    return consultation


@transaction.atomic
def consultation_answer(*, consultation_id: int, user: User, answer: str,
                        expected_version: int) -> Consultation:
    """The care coordinator answers; the counsellor who asked is told."""
    consultation = selectors.consultation_for_user(user, consultation_id)
    if consultation.team_id not in selectors.coordinator_team_ids(user):
        raise PermissionDenied
    if not answer.strip():
        raise ValidationError({"answer": _("Write your answer.")})
    check_and_bump_version(consultation, expected_version, where={"answered_at__isnull": True})
    consultation.answer = answer.strip()
    consultation.answered_by = user
    consultation.answered_at = timezone.now()
    consultation.save(update_fields=["answer", "answered_by", "answered_at"])
    if consultation.asked_by_id != user.pk and consultation.asked_by.is_active:
        tell_first_line(Event.CONSULTATION_ANSWERED, object_id=consultation.pk,
                        student=consultation.student, recipient_ids={consultation.asked_by_id},
                        target_id=consultation.pk)
    return consultation
