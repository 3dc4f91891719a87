"""The portal's writes on the register and the first-line record: portal accounts made from the
register (and closed when a student leaves), a student ticking off their actiepunt, and a
student allowing or stopping a guardian's access (every change logged)."""

from collections import Counter
from collections.abc import Iterable

from django.contrib.auth.models import Group as RoleGroup
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from common.concurrency import check_and_bump_version
from staff.models import User
from staff.roles import Role

from ..models import (
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    Guardian,
    GuardianAccessChange,
    Student,
    StudentStatus,
)

ACTIEPUNT_NOTE_MAX_LENGTH = 300


def _portal_role_group(role: str) -> RoleGroup:
    return RoleGroup.objects.get(name=role)


def _new_account(*, email: str, college_id: int, first_name: str, last_name: str,
                 role: str) -> User:
    """A portal account: no password (the first sign-in is by a one-time link), one portal
    role and nothing of staff."""
    user = User.objects.create_user(email=email, password=None, college_id=college_id,
                                    first_name=first_name[:100], last_name=last_name[:150])
    user.groups.add(_portal_role_group(role))
    return user


def _free_address(email: str) -> bool:
    return not User.objects.filter(email__iexact=email).exists()


def _set_active(user: User, active: bool, counts: Counter, key: str) -> None:
    """Open or close an account. A closed account's sessions end at its next request: the
    authentication backend lets no inactive user in (ModelBackend.user_can_authenticate)."""
    if user.is_active != active:
        User.objects.filter(pk=user.pk).update(is_active=active)
        user.is_active = active
        counts[key] += 1


@transaction.atomic
def portal_accounts_sync(*, students: Iterable[Student]) -> Counter:
    """Bring the portal accounts of `students` (and of their guardians) in line with the
    register, for the import and the admin's action; safe to run again at any time.

    An active student with a school e-mail address gets an account (role "student"); a
    guardian with an e-mail address gets one (role "guardian"), shared by the guardian's rows
    of several students. A student who is no longer active has their account closed; a
    guardian account stays open while one of its students is active. An address already used
    by another account (a member of staff, another student) is never taken over: it is
    counted as a conflict and left for the admin. Returns counts per outcome."""
    counts: Counter = Counter()
    ids = [s.pk for s in students]
    rows = list(Student.objects.filter(pk__in=ids).select_related("account").order_by("pk"))
    for student in rows:
        _sync_student(student, counts)
    guardians = list(Guardian.objects.filter(student_id__in=ids)
                     .select_related("student", "account").order_by("pk"))
    for guardian in guardians:
        _sync_guardian(guardian, counts)
    # Guardian accounts of these students: open while one of their students is active.
    account_ids = {g.account_id for g in Guardian.objects.filter(student_id__in=ids,
                                                                 account__isnull=False)}
    active_child = Guardian.objects.filter(account_id=OuterRef("pk"),
                                           student__status=StudentStatus.ACTIVE)
    for user in User.objects.filter(pk__in=account_ids).annotate(open=Exists(active_child)):
        _set_active(user, user.open, counts,
                    "guardian_opened" if user.open else "guardian_closed")
    return counts


def _sync_student(student: Student, counts: Counter) -> None:
    active = student.status == StudentStatus.ACTIVE
    account = student.account
    if account is not None:
        _set_active(account, active, counts, "student_opened" if active else "student_closed")
        return
    if not active or not student.email:
        return
    if not _free_address(student.email):
        counts["conflict"] += 1
        return
    student.account = _new_account(email=student.email, college_id=student.college_id,
                                   first_name=student.first_name, last_name=student.last_name,
                                   role=Role.STUDENT)
    student.save(update_fields=["account", "updated_at"])
    counts["student_created"] += 1


def _sync_guardian(guardian: Guardian, counts: Counter) -> None:
    if guardian.account_id is not None or not guardian.email:
        return
    if guardian.student.status != StudentStatus.ACTIVE:
        return
    existing = User.objects.filter(email__iexact=guardian.email).first()
    if existing is not None:
        # The same parent of a second child: their guardian account of this college is
        # theirs. Any other account with the address is not.
        # (A guardian account closed when an earlier child left is reopened below.)
        roles = set(existing.groups.values_list("name", flat=True))
        only_guardian = (roles == {Role.GUARDIAN} and not existing.is_staff
                         and not existing.is_superuser and not existing.memberships.exists())
        if not (only_guardian and existing.college_id == guardian.student.college_id):
            counts["conflict"] += 1
            return
        account = existing
    else:
        account = _new_account(email=guardian.email, college_id=guardian.student.college_id,
                               first_name=guardian.first_name or "", last_name=guardian.last_name,
                               role=Role.GUARDIAN)
        counts["guardian_created"] += 1
    guardian.account = account
    guardian.save(update_fields=["account", "updated_at"])
    counts["guardian_linked"] += 1


def actiepunt_tick_off(*, follow_up: FollowUp, by: User, note: str = "",
                       expected_version: int | None = None) -> FollowUp:
    """The student marks their own actiepunt done, with an optional note for the counsellor
    (it shows as the follow-up's closing note, and in its history as done by the student)."""
    if not follow_up.student_owned or getattr(by, "student_record", None) is None \
            or by.student_record.pk != follow_up.student_id:
        raise ValidationError(_("This is not your actiepunt."))
    note = note.strip()
    if len(note) > ACTIEPUNT_NOTE_MAX_LENGTH:
        raise ValidationError({"note": [_("Keep this under %(n)d characters.")
                                        % {"n": ACTIEPUNT_NOTE_MAX_LENGTH}]})
    now = timezone.now()
    with transaction.atomic():
        # Ticked off twice (two tabs), or closed by the counsellor meanwhile: one wins.
        check_and_bump_version(follow_up, expected_version, where={"status": FollowUpStatus.OPEN})
        FollowUp.objects.filter(pk=follow_up.pk).update(
            status=FollowUpStatus.DONE, done_at=now, closing_note=note)
        FollowUpChange.objects.create(follow_up=follow_up, action=FollowUpChange.Action.DONE,
                                      changed_by=by, changed_at=now, note=note)
    follow_up.refresh_from_db()
    return follow_up


def _change_access(guardian: Guardian, by: User, action: str) -> Guardian:
    with transaction.atomic():
        locked = Guardian.objects.select_for_update().get(pk=guardian.pk)
        granted = action == GuardianAccessChange.Action.GRANTED
        if (locked.access_granted_at is not None) == granted:
            return locked  # already so: nothing changes and nothing is logged
        locked.access_granted_at = timezone.now() if granted else None
        locked.save(update_fields=["access_granted_at", "updated_at"])
        GuardianAccessChange.objects.create(student_id=locked.student_id, guardian=locked,
                                            action=action, by=by, at=timezone.now())
    return locked


def guardian_access_grant(*, guardian: Guardian, by: User) -> Guardian:
    """The student (18 or older) lets this parent or guardian see their shared part."""
    return _change_access(guardian, by, GuardianAccessChange.Action.GRANTED)


def guardian_access_revoke(*, guardian: Guardian, by: User) -> Guardian:
    """The student stops the access; it takes effect at the guardian's next page."""
    return _change_access(guardian, by, GuardianAccessChange.Action.REVOKED)


def portal_accounts_erase(*, user_ids: Iterable[int], pseudonym: str) -> int:
    """Close portal accounts for good (the student or guardian they belong to is erased):
    no name, no usable address or password, no role, no open sign-in. The row stays as a
    shell, as records the erasure keeps may still name who wrote them. Returns how many."""
    ids = list(user_ids)
    users = User.objects.filter(pk__in=ids, is_staff=False, is_superuser=False,
                                groups__name__in=[Role.STUDENT, Role.GUARDIAN]).distinct()
    n = 0
    for user in users:
        user.email = f"erased-{pseudonym}-{user.pk}@invalid.invalid"
        user.first_name = user.last_name = "—"
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["email", "first_name", "last_name", "is_active", "password"])
        user.groups.clear()
        n += 1
    return n
