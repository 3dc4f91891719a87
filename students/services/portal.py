"""The portal's writes on the register and the first-line record: portal accounts made from the
register (and closed when a student leaves), a student ticking off their actiepunt, and a
student allowing or stopping a guardian's access (every change logged)."""

from collections import Counter
from collections.abc import Iterable

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group as RoleGroup
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, EmailField, Exists, OuterRef, Subquery, Value, When
from django.db.models.functions import Lower, Trim
from django.utils import timezone
from django.utils.translation import gettext as _

from common.concurrency import check_and_bump_version
from staff.models import TeamMembership, User
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


# --- portal accounts from the register ------------------------------------------------------
# Set-based: a fixed number of queries whatever the number of students. The import calls this
# for every batch of rows; a lookup per row (is the address taken?) made a 50,000-row file run
# for over ten minutes.


# What the sync reads of each student and guardian row (values_list(named=True) rows).
STUDENT_VALUES = ["pk", "status", "email", "college_id", "first_name", "last_name", "account_id",
                  "account__is_active", "account__email"]
GUARDIAN_VALUES = ["pk", "student_id", "email", "first_name", "last_name", "account_id",
                   "account__email"]


def _address(email: str) -> str:
    """An e-mail address as accounts are compared by it (and a new account stores it)."""
    return email.strip().lower()


def _accounts_holding(addresses: set[str]) -> dict[str, User]:
    """address → the account that holds it (any account: staff, student or guardian),
    annotated with what decides whether a guardian row may be linked to it."""
    if not addresses:
        return {}
    roles = User.groups.through.objects.filter(user_id=OuterRef("pk"))
    users = (
        User.objects.annotate(address=Lower("email")).filter(address__in=addresses)
        .annotate(guardian_role=Exists(roles.filter(group__name=Role.GUARDIAN)),
                  other_role=Exists(roles.exclude(group__name=Role.GUARDIAN)),
                  team_member=Exists(TeamMembership.objects.filter(user_id=OuterRef("pk"))))
        .only("pk", "email", "college_id", "is_staff", "is_superuser").order_by()
    )
    holders: dict[str, User] = {}
    for user in users:
        # Two accounts differing only in capitals (made before addresses were stored in
        # lower case): the one stored as compared is the one.
        if user.address not in holders or user.email == user.address:
            holders[user.address] = user
    return holders


def _guardian_only(user: User) -> bool:
    return (user.guardian_role and not user.other_role and not user.team_member
            and not user.is_staff and not user.is_superuser)


class _AccountPlan:
    """Which rows get which account: the accounts that already hold an address, and those
    this sync makes (one per address, the first row in pk order decides)."""

    def __init__(self, holders: dict[str, User], linked: set[tuple[int, int]]):
        self.holders = holders
        self.new: dict[str, tuple[User, str]] = {}  # address → (unsaved account, role)
        self.pairs: set[tuple[int, object]] = set(linked)  # (student, account pk or address)
        # No password: the first sign-in is by a one-time link. (One unusable value for the
        # lot: making 40 random characters per account cost seconds on a large import.)
        self.no_password = make_password(None)

    def account(self, address: str) -> User:
        return self.new[address][0] if address in self.new else self.holders[address]

    def _make(self, address: str, role: str, *, college_id: int, first_name: str,
              last_name: str) -> None:
        account = User(email=address, college_id=college_id, first_name=first_name[:100],
                       last_name=last_name[:150], password=self.no_password)
        self.new[address] = (account, role)

    def for_student(self, student: tuple, counts: Counter) -> bool:
        address = _address(student.email)
        if address in self.holders or address in self.new:
            counts["conflict"] += 1
            return False
        self._make(address, Role.STUDENT, college_id=student.college_id,
                   first_name=student.first_name, last_name=student.last_name)
        counts["student_created"] += 1
        return True

    def for_guardian(self, guardian: tuple, student: tuple,
                     counts: Counter) -> str | None:
        """The address of the account to link the guardian row to, or None."""
        address = _address(guardian.email)
        if address in self.new:
            account, role = self.new[address]
            ours, target = role == Role.GUARDIAN and account.college_id == student.college_id, address
        elif address in self.holders:
            # The same parent of a second child: their guardian account of this college is
            # theirs (one closed when an earlier child left is reopened). Any other is not.
            holder = self.holders[address]
            ours, target = _guardian_only(holder) and holder.college_id == student.college_id, holder.pk
        else:
            self._make(address, Role.GUARDIAN, college_id=student.college_id,
                       first_name=guardian.first_name or "", last_name=guardian.last_name)
            counts["guardian_created"] += 1
            ours, target = True, address
        if not ours:
            counts["conflict"] += 1
            return None
        if (guardian.student_id, target) in self.pairs:
            return None  # the same parent listed twice for one student: linked once
        self.pairs.add((guardian.student_id, target))
        counts["guardian_linked"] += 1
        return address

    def create(self) -> None:
        """Save the new accounts with their portal role: three statements for all of them."""
        if not self.new:
            return
        User.objects.bulk_create([account for account, _role in self.new.values()])
        group_ids = dict(RoleGroup.objects.filter(
            name__in={role for _account, role in self.new.values()}).values_list("name", "pk"))
        through = User.groups.through
        through.objects.bulk_create([through(user_id=account.pk, group_id=group_ids[role])
                                     for account, role in self.new.values()])


def _set_active(account_ids: list[int], active: bool, counts: Counter, key: str) -> None:
    """Open or close accounts. A closed account's sessions end at its next request: the
    authentication backends let no inactive user in (ModelBackend.user_can_authenticate)."""
    if account_ids:
        User.objects.filter(pk__in=account_ids).update(is_active=active)
        counts[key] += len(account_ids)


def _by_address() -> Subquery:
    """The account whose address is the row's: for rows linked to an account stored with
    exactly that address (every account this sync makes)."""
    return Subquery(User.objects.filter(email=Lower(Trim(OuterRef("email"))))
                    .order_by().values("pk")[:1])


def _moved(row) -> bool:
    """The row is linked to an account and the register now holds another address for it."""
    return bool(row.account_id and row.email
                and _address(row.email) != (row.account__email or "").lower())


def _follow_addresses(students: list, guardians: list, counts: Counter) -> None:
    """A linked account follows its row's address when the register changes it (a new school
    address, a parent's new e-mail): the sign-in link goes where the register says, and the
    old address no longer opens the portal. A guardian account shared by the rows of several
    children follows only when those rows agree on one address; an address that another
    account holds (or that two accounts would both take) is never taken over: a conflict, left
    for the admin. Three statements at most, whatever the number of rows."""
    wanted = {s.account_id: _address(s.email) for s in students if _moved(s)}
    shared = {g.account_id for g in guardians if _moved(g)}
    if shared:
        addresses: dict[int, set[str]] = {}
        for account_id, email in Guardian.objects.filter(account_id__in=shared).values_list(
                "account_id", "email"):
            if email and email.strip():
                addresses.setdefault(account_id, set()).add(_address(email))
        for account_id in shared:
            found = addresses.get(account_id, set())
            if len(found) == 1:
                wanted[account_id] = found.pop()
            else:
                counts["conflict"] += 1
    if not wanted:
        return
    holders = _accounts_holding(set(wanted.values()))
    taken = Counter(wanted.values())
    moving = {}
    for account_id, address in wanted.items():
        holder = holders.get(address)
        if taken[address] > 1 or (holder is not None and holder.pk != account_id):
            counts["conflict"] += 1
        else:
            moving[account_id] = address
    if moving:
        User.objects.filter(pk__in=moving).update(email=Case(
            *[When(pk=pk, then=Value(address)) for pk, address in moving.items()],
            output_field=EmailField()))
        counts["address_changed"] += len(moving)


def _link(model, rows: list, plan: _AccountPlan) -> None:
    """Point each row's account at its planned account: one UPDATE for them all."""
    now = timezone.now()
    exact, other = [], {}
    for row, address in rows:
        account = plan.account(address)
        if account.email == address:
            exact.append(row.pk)
        else:  # an older account stored with capitals (rare): one UPDATE per account
            other.setdefault(account.pk, []).append(row.pk)
    if exact:
        model.objects.filter(pk__in=exact).update(account=_by_address(), updated_at=now)
    for account_id, pks in other.items():
        model.objects.filter(pk__in=pks).update(account_id=account_id, updated_at=now)


@transaction.atomic
def portal_accounts_sync(*, students: Iterable[Student]) -> Counter:
    """Bring the portal accounts of `students` (and of their guardians) in line with the
    register, for the import and the admin's action; safe to run again at any time.

    An active student with a school e-mail address gets an account (role "student"); a
    guardian with an e-mail address gets one (role "guardian"), shared by the guardian's rows
    of several students. A student who is no longer active has their account closed; a
    guardian account stays open while one of its students is active. An address already used
    by another account (a member of staff, another student) is never taken over: it is
    counted as a conflict and left for the admin. An account follows its row's new address
    (`_follow_addresses`). Returns counts per outcome.
    A fixed number of queries, whatever the number of students."""
    counts: Counter = Counter()
    ids = [s.pk for s in students]
    # Only the values the rules need (named rows): a batch of the import is 1,000 students.
    rows = {s.pk: s for s in Student.objects.filter(pk__in=ids).order_by("pk").values_list(
        *STUDENT_VALUES, named=True)}
    guardians = list(Guardian.objects.filter(student_id__in=ids).order_by("pk").values_list(
        *GUARDIAN_VALUES, named=True))
    _follow_addresses(list(rows.values()), guardians, counts)
    with_account = [s for s in rows.values() if s.account_id is not None]
    active = StudentStatus.ACTIVE
    _set_active([s.account_id for s in with_account
                 if s.status == active and not s.account__is_active], True, counts, "student_opened")
    _set_active([s.account_id for s in with_account
                 if s.status != active and s.account__is_active], False, counts, "student_closed")
    wanted_students = [s for s in rows.values() if s.account_id is None and s.status == active
                       and s.email]
    wanted_guardians = [g for g in guardians if g.account_id is None and g.email
                        and rows[g.student_id].status == active]
    plan = _AccountPlan(
        _accounts_holding({_address(r.email) for r in [*wanted_students, *wanted_guardians]}),
        linked={(g.student_id, g.account_id) for g in guardians if g.account_id is not None},
    )
    student_links = [(s, _address(s.email)) for s in wanted_students if plan.for_student(s, counts)]
    guardian_links = [(g, address) for g in wanted_guardians
                      if (address := plan.for_guardian(g, rows[g.student_id], counts))]
    plan.create()
    _link(Student, student_links, plan)
    _link(Guardian, guardian_links, plan)
    # The accounts made just now are open, for a guardian of an active student: only the
    # others can need opening or closing.
    _follow_guardian_accounts({g.account_id for g in guardians if g.account_id is not None}
                              | {plan.account(address).pk for _g, address in guardian_links
                                 if address not in plan.new},
                              counts)
    return counts


def _follow_guardian_accounts(account_ids: set[int], counts: Counter) -> None:
    """These guardian accounts: open while one of their students is active. (Two lookups by
    key: an EXISTS per account let the planner hash every guardian of the college per batch.)"""
    if not account_ids:
        return
    open_ids = set(Guardian.objects.filter(
        account_id__in=account_ids, student__status=StudentStatus.ACTIVE,
    ).order_by().values_list("account_id", flat=True))
    opening, closing = [], []
    for pk, is_active in User.objects.filter(pk__in=account_ids).order_by().values_list(
            "pk", "is_active"):
        if (pk in open_ids) != is_active:
            (opening if pk in open_ids else closing).append(pk)
    _set_active(opening, True, counts, "guardian_opened")
    _set_active(closing, False, counts, "guardian_closed")


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
