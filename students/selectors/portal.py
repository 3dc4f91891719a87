"""The portal's doors: which student a portal account is, or may see as a guardian.

A student's account opens that one student's record (and only while the student is active);
a guardian's account opens the students it is a guardian of, bounded by the account's college,
while the student is under 18 — from 18 only when the student allows it (the consent rule is
added where guardian grants are kept)."""

import datetime

from django.utils import timezone

from staff.roles import Role

from ..models import Student, StudentStatus


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
    """The students `user` sees as their guardian: minors of the account's own college."""
    if not (user.is_authenticated and user.has_role(Role.GUARDIAN)):
        return Student.objects.none()
    return Student.objects.filter(
        guardians__account=user,
        college_id=user.college_id,
        status=StudentStatus.ACTIVE,
        date_of_birth__gt=adult_birth_date_limit(today),
    ).distinct()


def portal_counsellors(student: Student):
    """The student's current counsellors, as the portal shows them (name and how to reach)."""
    from staff.models import User

    return User.objects.filter(
        counsellor_assignments__student=student,
        counsellor_assignments__end_date__isnull=True,
        is_active=True,
    ).only("first_name", "last_name", "email").order_by("last_name")
