"""The HR staff file read and checked, row by row, before anything is written (staff.importer)."""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_noop as _

from common.dates import EARLIEST, LATEST
from common.imports import (
    CONTROL_CHARS,
    BadRows,
    CheckedRows,
    Problem,
    RowError,
    batched,
    parse_date,
    problem,
)

from ..models import College, Team, User
from ..roles import MEMBERSHIP_ROLES, PORTAL_ROLES, STAFF_ROLES, Role

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
    bad = BadRows(MAX_ERRORS)
    emails: dict[str, int] = {}
    subjects: dict[str, tuple[int, str]] = {}
    read = CheckedRows(checker, positions, rows, progress)
    for line, checked in read:
        if isinstance(checked, RowError):
            bad.add(checked)
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
        bad.add(RowError(line=line, problems=problems))
    if progress:
        progress(read.count)
    return read.count, bad.report()
