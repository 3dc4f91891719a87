"""The portal's doors: which student a portal account is, or may see as a guardian.

A student's account opens that one student's record (and only while the student is active);
a guardian's account opens the students it is a guardian of, bounded by the account's college,
while the student is under 18 — from 18 only while the student allows it
(`Guardian.access_granted_at`, set and cleared by the student).

What the portal shows of a record is chosen here, field by field: the part of a session shared
with the student (never the internal summary or agreements, never who else attended), the
student's own actiepunten, and — for a guardian — the agreements shared with parents."""

import datetime

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from staff.roles import Role

from ..models import FollowUp, FollowUpStatus, Guardian, GuidanceSession, Student, StudentStatus

# The session columns the portal reads: the shared part and what frames it. The internal
# summary and agreements are never loaded for a portal page.
PORTAL_SESSION_FIELDS = (
    "held_at", "kind", "format", "duration_minutes", "shared_summary", "shared_agreements",
    "shared_with_guardians", "counsellor__first_name", "counsellor__last_name",
)


def portal_student(user) -> Student | None:
    """The student whose account `user` is (None for anyone else, or once the student left)."""
    if not (user.is_authenticated and user.has_role(Role.STUDENT)):
        return None
    return (
        Student.objects.select_related("programme__team")
        .filter(account=user, college_id=user.college_id, status=StudentStatus.ACTIVE)
        .first()
    )


def adult_birth_date_limit(today: datetime.date | None = None) -> datetime.date:
    """Born on or before this day: 18 or older on `today`."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - 18)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 18, day=28)


def guardian_students(user, today: datetime.date | None = None):
    """The students `user` sees as their guardian, of the account's own college: minors, and
    adults who allow this guardian access (the consent is per guardian row)."""
    if not (user.is_authenticated and user.has_role(Role.GUARDIAN)):
        return Student.objects.none()
    rows = Guardian.objects.filter(account=user).filter(
        Q(student__date_of_birth__gt=adult_birth_date_limit(today))
        | Q(access_granted_at__isnull=False)
    )
    return Student.objects.filter(
        pk__in=rows.values("student_id"),
        college_id=user.college_id,
        status=StudentStatus.ACTIVE,
    )


def guardian_student_for(user, pk: int, today: datetime.date | None = None) -> Student:
    """One student the guardian `user` may see now, or 404."""
    student = guardian_students(user, today).select_related("programme").filter(pk=pk).first()
    if student is None:
        raise Http404
    return student


def portal_sessions(student: Student):
    """The sessions the student took part in, with only their shared part (newest first)."""
    return (
        GuidanceSession.objects.filter(attendances__student=student, attendances__present=True)
        .select_related("counsellor")
        .only(*PORTAL_SESSION_FIELDS)
        .order_by("-held_at", "-id")
    )


def guardian_agreements(student: Student):
    """The agreements of the student's sessions that the counsellor shared with parents."""
    return portal_sessions(student).filter(shared_with_guardians=True).exclude(
        shared_agreements="")


def portal_actiepunten(student: Student):
    """The student's own actiepunten: open ones first, by due date."""
    return (
        FollowUp.objects.filter(student=student, student_owned=True)
        .exclude(status=FollowUpStatus.CANCELLED)
        .only("description", "due_date", "status", "done_at", "closing_note", "version",
              "student_id")
        .order_by("-status", "due_date", "id")  # "open" sorts after "done": reversed
    )


def portal_actiepunt_for(user, pk: int) -> FollowUp:
    """One actiepunt of the student whose account `user` is, or 404."""
    student = portal_student(user)
    if student is None:
        raise Http404
    follow_up = portal_actiepunten(student).filter(pk=pk).first()
    if follow_up is None:
        raise Http404
    return follow_up


def student_guardians(student: Student):
    """The student's parents and guardians as the student sees them in the portal."""
    return Guardian.objects.filter(student=student).order_by("last_name", "first_name", "pk")


def student_guardian_for(user, pk: int) -> Guardian:
    """One guardian row of the student whose account `user` is, or 404."""
    student = portal_student(user)
    guardian = student_guardians(student).filter(pk=pk).first() if student else None
    if guardian is None:
        raise Http404
    return guardian


def portal_counsellors(student: Student):
    """The student's current counsellors, as the portal shows them (name and how to reach)."""
    from staff.models import User

    return User.objects.filter(
        counsellor_assignments__student=student,
        counsellor_assignments__end_date__isnull=True,
        is_active=True,
    ).only("first_name", "last_name", "email").order_by("last_name")
