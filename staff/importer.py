"""Import of the HR system's staff file: accounts follow HR.

One row per member of staff: e-mail, names, college, team(s), roles, start and end date (and,
optionally, the identity provider's subject). The same rules as the student import: all or
nothing (every row is checked first; a file with any bad row changes nothing and every bad row
is reported with its line number and reason), the same encodings and separators
(common.imports), progress on the job.

What a good file does, in one transaction:
- creates the accounts it does not know (without a password: they sign in through the college's
  identity provider, or the administrator sets one), updates names, dates and subject;
- makes the roles those of the file: team roles (counsellor, care coordinator, manager) in the
  named teams, college roles besides; a role the file no longer lists is taken away;
- care-data roles (staff.roles.CARE_DATA_ROLES) are never given by the file: each becomes a
  grant request that a second person approves (staff.services.grants), logged in the privacy
  audit trail and shown on the privacy officer's page;
- switches off the accounts whose employment ended (end date before today) or has not begun,
  and — for a full export — the college's accounts missing from the file; a switched-off
  account loses its care-data roles and every session it has ends at its next request
  (both authentication backends refuse an inactive account).
"""

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from common.dates import EARLIEST, LATEST
from common.imports import (
    CONTROL_CHARS,
    PROGRESS_EVERY,
    ImportRefused,
    Problem,
    RowError,
    batched,
    estimate_rows,
    open_rows,
    parse_date,
    problem,
    row_values,
    too_many,
)

from .models import College, GrantStatus, RoleGrantRequest, Team, TeamMembership, User
from .roles import CARE_DATA_ROLES, MEMBERSHIP_ROLES, PORTAL_ROLES, STAFF_ROLES, Role
from .services.grants import role_grant_request, role_grant_requests_withdraw, role_revoke

BATCH = 500
MAX_ERRORS = 1000

COLUMNS: dict[str, tuple[str, ...]] = {
    "email": ("email", "e-mail", "emailadres", "mail", "werkmail", "emailaddress", "mailadres"),
    "first_name": ("firstname", "voornaam", "roepnaam", "givenname"),
    "name_prefix": ("tussenvoegsel", "tussenvoegsels", "voorvoegsel", "nameprefix", "prefix",
                    "infix"),
    "last_name": ("lastname", "achternaam", "surname", "familyname", "naam"),
    "college": ("college", "school", "instelling"),
    "team": ("team", "teams", "opleidingsteam", "teamcode", "teamcodes"),
    "roles": ("roles", "role", "rollen", "rol"),
    "start_date": ("startdate", "startdatum", "indienst", "datumindienst", "begindatum"),
    "end_date": ("enddate", "einddatum", "uitdienst", "datumuitdienst"),
    "subject": ("subject", "ssosubject", "oidcsubject", "ssoid", "sub"),
}
REQUIRED = ["email", "first_name", "last_name", "college", "team", "roles", "start_date",
            "end_date"]

# Role names as HR systems write them (compared without accents, spaces and punctuation).
ROLE_WORDS: dict[str, str] = {
    # Staff roles only: a student's or parent's account is never made or changed by HR's file.
    **{r.value.replace("_", ""): r.value for r in STAFF_ROLES},
    "loopbaanbegeleider": Role.COUNSELLOR, "lob": Role.COUNSELLOR, "mentor": Role.COUNSELLOR,
    "coach": Role.COUNSELLOR, "slb": Role.COUNSELLOR, "slber": Role.COUNSELLOR,
    "zorgcoordinator": Role.CARE_COORDINATOR, "pluscoach": Role.CARE_COORDINATOR,
    "lecmedewerker": Role.LEC_WORKER, "lecleider": Role.LEC_LEAD, "lecteamleider": Role.LEC_LEAD,
    "opleidingsmanager": Role.MANAGER, "po": Role.HR, "pomedewerker": Role.HR,
    "poadviseur": Role.HR, "directie": Role.DIRECTOR, "directeur": Role.DIRECTOR,
    "functioneelbeheerder": Role.ADMIN, "beheerder": Role.ADMIN,
    "privacyfunctionaris": Role.PRIVACY_OFFICER, "fg": Role.PRIVACY_OFFICER,
    "functionarisgegevensbescherming": Role.PRIVACY_OFFICER,
}
LIST_SEPARATORS = re.compile(r"[|,;/+]")


def _word(value: str) -> str:
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def _items(cell: str) -> list[str]:
    return [item.strip() for item in LIST_SEPARATORS.split(cell) if item.strip()]


@dataclass(slots=True)
class StaffRow:
    line: int
    email: str
    first_name: str
    last_name: str
    teams: list[Team]
    roles: set[str]
    start: datetime.date
    end: datetime.date | None
    subject: str

    def active_on(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass
class StaffImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    reactivated: int = 0
    revoked: int = 0
    grant_requests: list[list] = field(default_factory=list)  # [line, e-mail, role]
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict:
        return {"created": self.created, "updated": self.updated,
                "deactivated": self.deactivated, "reactivated": self.reactivated,
                "revoked": self.revoked, "grant_requests": self.grant_requests}


class Lookups:
    """What rows are checked against, loaded once in a fixed number of queries."""

    def __init__(self, college: College, by: User | None):
        self.college = college
        self.by = by
        self.college_words = {_word(college.name), _word(college.short_name)}
        self.teams: dict[str, Team] = {}
        for team in Team.objects.filter(college=college):
            self.teams[team.code.lower()] = team
            self.teams[team.name.lower()] = team
        # Accounts of this college by e-mail (lower case), with what the import compares.
        self.users: dict[str, User] = {
            u.email.lower(): u
            # Students' and parents' portal accounts are not staff: the import never touches
            # them (nor switches them off when a full export does not list them).
            for u in User.objects.filter(college=college).exclude(
                groups__name__in=PORTAL_ROLES).only(
                "pk", "email", "first_name", "last_name", "is_active", "is_superuser",
                "is_staff", "employment_start", "employment_end", "oidc_subject", "college_id",
                "language",
            )
        }


class RowChecker:
    """One row's cells → a StaffRow, or a RowError with every problem found in it."""

    def __init__(self, lookups: Lookups, today: datetime.date):
        self.lookups = lookups
        self.today = today
        self.seen: dict[str, int] = {}
        self.subjects: dict[str, int] = {}

    def check(self, line: int, values: dict[str, str]) -> StaffRow | RowError:
        problems: list[Problem] = []

        def cell(name: str) -> str:
            return values.get(name, "")

        if any(CONTROL_CHARS.search(value) for value in values.values()):
            problems.append(problem(_("the row contains a control character (such as a NUL byte)")))
        email = self._email(cell("email").lower(), line, problems)
        first, last = cell("first_name"), cell("last_name")
        if cell("name_prefix") and last:
            last = f"{cell('name_prefix')} {last}"
        if not first:
            problems.append(problem(_("first name is empty")))
        if not last:
            problems.append(problem(_("last name is empty")))
        if len(first) > 100 or len(last) > 150:
            problems.append(problem(_("name is too long")))
        if _word(cell("college")) not in self.lookups.college_words:
            problems.append(problem(_("college “%(value)s” is not your college (%(college)s): an import changes only the accounts of its own college"),
                                    value=cell("college"), college=self.lookups.college.name))
        roles = self._roles(cell("roles"), problems)
        teams = self._teams(cell("team"), roles, problems)
        start, end = self._dates(cell("start_date"), cell("end_date"), problems)
        subject = self._subject(cell("subject"), line, problems)
        existing = self.lookups.users.get(email)
        if existing is not None and existing.is_superuser:
            problems.append(problem(_("%(email)s is a superuser account, which the staff import does not change"), email=email))
        row = StaffRow(line=line, email=email, first_name=first, last_name=last, teams=teams,
                       roles=roles, start=start, end=end, subject=subject)
        by = self.lookups.by
        if by is not None and email == by.email.lower() and not problems:
            if not row.active_on(self.today):
                problems.append(problem(_("this row would switch off your own account")))
            elif Role.ADMIN in existing_roles_of(by) and Role.ADMIN not in roles:
                problems.append(problem(_("this row would take away your own administrator role")))
        if problems:
            return RowError(line=line, problems=problems)
        return row

    def _email(self, email: str, line: int, problems: list[Problem]) -> str:
        if not email:
            problems.append(problem(_("e-mail address is empty")))
            return email
        try:
            validate_email(email)
        except ValidationError:
            problems.append(problem(_("“%(value)s” is not an e-mail address"), value=email))
            return email
        if len(email) > 254:
            problems.append(problem(_("e-mail address is too long")))
        elif email in self.seen:
            problems.append(problem(_("%(value)s also appears on line %(line)s"), value=email,
                                    line=self.seen[email]))
        else:
            self.seen[email] = line
        return email

    @staticmethod
    def _roles(cell: str, problems: list[Problem]) -> set[str]:
        roles = set()
        for item in _items(cell):
            role = ROLE_WORDS.get(_word(item))
            if role is None:
                problems.append(problem(_("role “%(value)s” does not exist (known: %(known)s)"),
                                        value=item, known=", ".join(r.value for r in STAFF_ROLES)))
            else:
                roles.add(str(role))
        return roles

    def _teams(self, cell: str, roles: set[str], problems: list[Problem]) -> list[Team]:
        teams = []
        for item in _items(cell):
            team = self.lookups.teams.get(item.lower())
            if team is None:
                problems.append(problem(_("team “%(value)s” does not exist in this college"), value=item))
            elif team not in teams:
                teams.append(team)
        if roles & set(MEMBERSHIP_ROLES) and not teams and not cell:
            problems.append(problem(_("the roles %(roles)s are held in a team: the team column is empty"),
                                    roles=", ".join(sorted(roles & set(MEMBERSHIP_ROLES)))))
        return teams

    @staticmethod
    def _dates(start_raw: str, end_raw: str, problems: list[Problem]):
        start = parse_date(start_raw)
        end = parse_date(end_raw) if end_raw else None
        if start is None:
            problems.append(problem(_("start date “%(value)s” is not a date (use YYYY-MM-DD or DD-MM-YYYY)"), value=start_raw))
        elif not EARLIEST <= start <= LATEST:
            problems.append(problem(_("start date %(value)s is not plausible"), value=start.isoformat()))
        if end_raw and end is None:
            problems.append(problem(_("end date “%(value)s” is not a date (use YYYY-MM-DD or DD-MM-YYYY)"), value=end_raw))
        elif end is not None and not EARLIEST <= end <= LATEST:
            problems.append(problem(_("end date %(value)s is not plausible"), value=end.isoformat()))
        elif start and end and end < start:
            problems.append(problem(_("end date is before the start date")))
        return start, end

    def _subject(self, subject: str, line: int, problems: list[Problem]) -> str:
        if not subject:
            return ""
        if len(subject) > 255:
            problems.append(problem(_("the sign-in subject is too long")))
        elif subject in self.subjects:
            problems.append(problem(_("sign-in subject %(value)s also appears on line %(line)s"),
                                    value=subject, line=self.subjects[subject]))
        else:
            self.subjects[subject] = line
        return subject


def existing_roles_of(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def validate(positions, rows, lookups: Lookups, progress=None) -> tuple[int, list[RowError]]:
    """Check every row as it is read, then what needs the whole file (e-mail addresses and
    subjects already used by accounts of other colleges or other people)."""
    checker = RowChecker(lookups, timezone.localdate())
    errors: list[RowError] = []
    count = bad = 0
    emails: dict[str, int] = {}
    subjects: dict[str, tuple[int, str]] = {}
    for count, (line, cells) in enumerate(rows, start=1):
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
        checked = checker.check(line, row_values(positions, cells))
        if isinstance(checked, RowError):
            bad += 1
            if bad <= MAX_ERRORS:
                errors.append(checked)
            continue
        if checked.email not in lookups.users:
            emails[checked.email] = line
        if checked.subject:
            subjects[checked.subject] = (line, checked.email)
    later: dict[int, list[Problem]] = {}
    for chunk in batched(emails, BATCH):
        found = User.objects.annotate(low=Lower("email")).filter(low__in=chunk)
        portal = set(found.filter(groups__name__in=PORTAL_ROLES).values_list("low", flat=True))
        for email in found.values_list("low", flat=True).distinct():
            later.setdefault(emails[email], []).append(
                problem(_("%(email)s is a student's or parent's portal account, not staff"),
                        email=email) if email in portal else
                problem(_("%(email)s belongs to an account of another college"), email=email))
    for chunk in batched(subjects, BATCH):
        for subject, email in User.objects.filter(oidc_subject__in=chunk).values_list(
                "oidc_subject", Lower("email")):
            line, row_email = subjects[subject]
            if email != row_email:
                later.setdefault(line, []).append(problem(
                    _("sign-in subject %(value)s belongs to another account"), value=subject))
    for line, problems in later.items():
        bad += 1
        if bad <= MAX_ERRORS:
            errors.append(RowError(line=line, problems=problems))
    errors.sort(key=lambda e: e.line or 0)
    if progress:
        progress(count)
    return count, too_many(errors, bad, MAX_ERRORS)


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
    for line, cells in rows:
        checked = checker.check(line, row_values(positions, cells))
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
