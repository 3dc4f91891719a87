"""Writes of student feedback: one answer per conversation."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lob.appointments.models import Appointment
from students.models import GuidanceSession

from .models import COMMENT_MAX_LENGTH, Answer
from .selectors import conversation_for_student


def answer_give(*, student, kind: str, pk: int, score: int | None, comment: str = "") -> Answer:
    """The student answers "Did this conversation help you?" about one of their own recent
    conversations, once."""
    conversation = conversation_for_student(student, kind, pk)
    if conversation is None:
        raise ValidationError(_("You cannot (or no longer) give feedback on this conversation."),
                              code="closed")
    errors = {}
    if score not in (1, 2, 3, 4, 5):
        errors["score"] = [_("Choose a number from 1 to 5.")]
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        errors["comment"] = [_("Keep it under %(n)s characters.") % {"n": COMMENT_MAX_LENGTH}]
    if errors:
        raise ValidationError(errors)
    if kind == "session":
        session = GuidanceSession.objects.get(pk=pk)
        about = {"session": session, "counsellor_id": session.counsellor_id,
                 "team_id": session.team_id}
    else:
        appointment = Appointment.objects.select_related("slot").get(pk=pk)
        about = {"appointment": appointment, "counsellor_id": appointment.slot.counsellor_id,
                 "team_id": student.programme.team_id}
    try:
        with transaction.atomic():
            return Answer.objects.create(student=student, score=score, comment=comment, **about)
    except IntegrityError:
        raise ValidationError(_("You already gave feedback on this conversation."),
                              code="answered") from None
