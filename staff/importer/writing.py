"""A checked HR staff file written in one transaction, and the nightly switch-off of leavers
(staff.importer)."""

import datetime
from collections.abc import Callable, Iterable, Iterator

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from common.imports import (
    CheckedRows,
    ImportRefused,
    RowError,
    batched,
    estimate_rows,
    open_rows,
)

from ..models import College, GrantStatus, RoleGrantRequest, TeamMembership, User
from ..roles import CARE_DATA_ROLES, MEMBERSHIP_ROLES, Role
from ..services.grants import role_grant_request, role_grant_requests_withdraw, role_revoke
from .checks import (
    BATCH,
    COLUMNS,
    REQUIRED,
    Lookups,
    RowChecker,
    StaffImportResult,
    StaffRow,
    validate,
)


def import_staff_file(raw: bytes, college: College, *, by: User | None, source: str,
                      full_export: bool = False,
                      on_total: Callable[[int], None] | None = None,
                      progress: Callable[[int], None] | None = None,
                      written: Callable[[int], None] | None = None) -> StaffImportResult:
    """The whole import of one file: `progress` hears how many rows were checked, `written`
    how many were written. Raises ImportRefused when the file cannot be read."""
    positions, rows = open_rows(raw, COLUMNS, REQUIRED)
    if on_total:
        on_total(estimate_rows(raw))
    lookups = Lookups(college, by)
    total, errors = validate(positions, rows, lookups, progress)
    if not total:
        raise ImportRefused(_("The file has a header but no staff."))
    if on_total:
        on_total(total)
    if errors:
        return StaffImportResult(total=total, errors=errors)
    positions, rows = open_rows(raw, COLUMNS, REQUIRED)
    result = apply(_clean(positions, rows, lookups), college, lookups=lookups, by=by,
                   source=source, full_export=full_export, written=written)
    result.total = total
    return result


def _clean(positions, rows: Iterable[tuple[int, list[str]]], lookups: Lookups) -> Iterator[StaffRow]:
    checker = RowChecker(lookups, timezone.localdate())
    for _line, checked in CheckedRows(checker, positions, rows):
        if isinstance(checked, RowError):  # only when midnight passed between the two reads
            raise ImportRefused(_("Something changed while the file was imported; nothing was imported. Upload it again."))
        yield checked


UPDATED_FIELDS = ["first_name", "last_name", "employment_start", "employment_end"]


@transaction.atomic
def apply(clean: Iterable[StaffRow], college: College, *, lookups: Lookups, by: User | None,
          source: str, full_export: bool,
          written: Callable[[int], None] | None = None) -> StaffImportResult:
    """Write the checked rows (see the module's docstring). Imports of one college run one
    after the other."""
    College.objects.select_for_update(no_key=True).filter(pk=college.pk).exists()
    today = timezone.localdate()
    result = StaffImportResult()
    groups = {g.name: g for g in Group.objects.filter(name__in=[r.value for r in Role])}
    seen: set[int] = set()
    if written:
        written(0)
    for batch in batched(clean, BATCH):
        users = _write_accounts(batch, college, lookups, today, result)
        seen.update(u.pk for u in users)
        _follow_roles(batch, users, groups, by=by, source=source, today=today, result=result)
        if written:
            written(len(seen))
    if full_export:
        missing = [u for u in lookups.users.values()
                   if u.pk not in seen and u.is_active and not u.is_superuser]
        if by is not None and any(u.pk == by.pk for u in missing):
            raise ImportRefused(_("This full export does not list your own account: importing it would switch you off. Nothing was imported."))
        _switch_off(missing, by=by, result=result)
    return result


def _write_accounts(batch, college, lookups: Lookups, today, result) -> list[User]:
    """Create the new accounts and update the known ones (set-based); returns the batch's
    accounts in its order."""
    users, new, changed, switched_off = [], [], {}, []
    unusable = make_password(None)
    for row in batch:
        active = row.active_on(today)
        user = lookups.users.get(row.email)
        if user is None:
            user = User(email=row.email, first_name=row.first_name, last_name=row.last_name,
                        college=college, password=unusable, is_active=active,
                        employment_start=row.start, employment_end=row.end,
                        oidc_subject=row.subject or None)
            new.append(user)
        else:
            result.updated += 1
            wanted = {"first_name": row.first_name, "last_name": row.last_name,
                      "employment_start": row.start, "employment_end": row.end}
            if row.subject:
                wanted["oidc_subject"] = row.subject
            if user.is_active != active:
                wanted["is_active"] = active
                if active:
                    result.reactivated += 1
                else:
                    switched_off.append(user)
            for name, value in wanted.items():
                if getattr(user, name) != value:
                    setattr(user, name, value)
                    changed.setdefault(name, []).append(user)
        users.append(user)
    User.objects.bulk_create(new, batch_size=BATCH)
    for user in new:
        lookups.users[user.email] = user
    result.created += len(new)
    for name, changed_users in changed.items():
        User.objects.bulk_update(changed_users, [name], batch_size=100)
    result.deactivated += len(switched_off)
    _revoke_care_roles(switched_off, by=lookups.by, result=result)
    return users


def _follow_roles(batch, users: list[User], groups: dict[str, Group], *, by, source: str,
                  today, result: StaffImportResult) -> None:
    """Make each account's roles those of its row; care-data roles only through a request."""
    ids = [u.pk for u in users]
    through = User.groups.through
    held: dict[int, set[str]] = {}
    for user_id, name in through.objects.filter(user_id__in=ids).values_list("user_id", "group__name"):
        held.setdefault(user_id, set()).add(name)
    memberships: dict[int, set[tuple[int, str]]] = {}
    for user_id, team_id, role in TeamMembership.objects.filter(user_id__in=ids).values_list(
            "user_id", "team_id", "role"):
        memberships.setdefault(user_id, set()).add((team_id, role))
    pending = set(RoleGrantRequest.objects.filter(
        user_id__in=ids, status=GrantStatus.PENDING).values_list("user_id", "role"))

    add_groups, drop_groups, add_members, drop_members = [], Q(pk__in=[]), [], Q(pk__in=[])
    revokes, requests, unstaff = [], [], []
    for row, user in zip(batch, users, strict=True):
        has = held.get(user.pk, set())
        want = set(row.roles)
        for role in sorted(want - has):
            if role in CARE_DATA_ROLES:
                if row.active_on(today) and (user.pk, role) not in pending:
                    requests.append((row, user, role))
            else:
                add_groups.append(through(user_id=user.pk, group_id=groups[role].pk))
        for role in sorted(has - want):
            if role in CARE_DATA_ROLES:
                revokes.append((user, role))
                if role == Role.ADMIN and user.is_staff:
                    unstaff.append(user.pk)
            elif role in groups:
                drop_groups |= Q(user_id=user.pk, group_id=groups[role].pk)
        want_members = {(team.pk, role) for team in row.teams for role in want
                        if role in MEMBERSHIP_ROLES}
        now_members = memberships.get(user.pk, set())
        add_members += [TeamMembership(user_id=user.pk, team_id=team_id, role=role)
                        for team_id, role in sorted(want_members - now_members)]
        for team_id, role in now_members - want_members:
            drop_members |= Q(user_id=user.pk, team_id=team_id, role=role)
    through.objects.bulk_create(add_groups, batch_size=BATCH)
    through.objects.filter(drop_groups).delete()
    TeamMembership.objects.bulk_create(add_members, batch_size=BATCH)
    TeamMembership.objects.filter(drop_members).delete()
    if unstaff:
        User.objects.filter(pk__in=unstaff).update(is_staff=False)
    for user, role in revokes:
        role_revoke(user=user, role=role, by=by)
        result.revoked += 1
    for row, user, role in requests:
        role_grant_request(user=user, role=role, by=by, requested_via=source)
        result.grant_requests.append([row.line, row.email, role])


def _revoke_care_roles(users: list[User], *, by, result: StaffImportResult) -> None:
    """A switched-off account keeps no care-data role and no request for one (a return needs
    a new approval)."""
    if not users:
        return
    ids = [u.pk for u in users]
    rows = User.groups.through.objects.filter(
        user_id__in=ids, group__name__in=CARE_DATA_ROLES
    ).values_list("user_id", "group__name")
    by_pk = {u.pk: u for u in users}
    for user_id, role in rows:
        role_revoke(user=by_pk[user_id], role=role, by=by)
        result.revoked += 1
    for user_id in set(RoleGrantRequest.objects.filter(
            user_id__in=ids, status=GrantStatus.PENDING).values_list("user_id", flat=True)):
        role_grant_requests_withdraw(user=by_pk[user_id],
                                     reason=gettext("The account was switched off."))
    User.objects.filter(pk__in=list(by_pk), is_staff=True).update(is_staff=False)


def _switch_off(users: list[User], *, by, result: StaffImportResult) -> None:
    for chunk in batched(users, BATCH):
        User.objects.filter(pk__in=[u.pk for u in chunk]).update(is_active=False)
        result.deactivated += len(chunk)
        _revoke_care_roles(list(chunk), by=by, result=result)


def switch_off_leavers(today: datetime.date | None = None) -> int:
    """Switch off the accounts whose employment ended before today (beat, nightly); returns
    how many. Their care-data roles go with it."""
    today = today or timezone.localdate()
    leavers = list(User.objects.filter(is_active=True, is_superuser=False,
                                       employment_end__lt=today))
    with transaction.atomic():
        result = StaffImportResult()
        _switch_off(leavers, by=None, result=result)
    return result.deactivated
