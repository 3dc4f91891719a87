"""A student's own way to the LEC: "Ik wil met iemand van het LEC praten" from the portal."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from staff.models import User
from students.models import Student, StudentStatus

from ..models import OPEN_STATUSES, Referral, Source, Status, Urgency, eligibility_on

SELF_REFERRAL_MAX_LENGTH = 1000


def referral_self_submit(*, user: User, student: Student, message: str = "",
                         share_with_counsellor: bool = False) -> Referral:
    """The student (their own account) asks the LEC for contact. It lands in the LEC's triage
    queue like any referral; the first line learns of it only when the student chose so."""
    if student.account_id is None or student.account_id != user.pk \
            or student.status != StudentStatus.ACTIVE or user.college_id != student.college_id:
        raise PermissionDenied
    message = message.strip()
    if len(message) > SELF_REFERRAL_MAX_LENGTH:
        raise ValidationError({"message": [_("Keep this under %(n)d characters.")
                                           % {"n": SELF_REFERRAL_MAX_LENGTH}]})
    already = _("You are already in touch with the LEC. Someone from the LEC will contact you; "
                "you can also just walk in.")
    if Referral.objects.filter(student=student, status__in=OPEN_STATUSES).exists():
        raise ValidationError(already, code="open_referral")
    now = timezone.now()
    day = timezone.localdate(now)
    try:
        with transaction.atomic():
            return Referral.objects.create(
                college_id=student.college_id,
                student=student,
                team_id=student.programme.team_id,
                source=Source.SELF,
                referred_by=user,
                referred_at=now,
                reason=message or _("The student asks to talk to someone of the LEC."),
                concern_domains=[],
                urgency=Urgency.NORMAL,
                tried="",
                student_knows=True,
                student_agrees=True,
                shared_with_first_line=share_with_counsellor,
                age_at_referral=student.age_on(day),
                had_start_qualification=student.has_start_qualification,
                eligibility=eligibility_on(date_of_birth=student.date_of_birth,
                                           has_start_qualification=student.has_start_qualification,
                                           on=day),
                status=Status.SUBMITTED,
                status_changed_at=now,
            )
    except IntegrityError:
        raise ValidationError(already, code="open_referral") from None
