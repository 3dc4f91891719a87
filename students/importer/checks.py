"""Checking every row of an import against the college's teams, programmes and staff."""

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_noop as _

from common.dates import EARLIEST, LATEST

# The row report as every import keeps it (untranslated problems, cut values).
from common.imports import (  # noqa: F401 - Problem and shown: the package's names
    CONTROL_CHARS,
    BadRows,
    CheckedRows,
    Problem,
    RowError,
    problem,
    shown,
)
from staff.models import College, Team, User
from staff.roles import Role

from ..models import Group, GroupKind, GuardianRelation, Programme, Student, StudentStatus
from .columns import COLUMNS, GUARDIANS_PER_ROW

TRUE_WORDS = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
FALSE_WORDS = {"nee", "n", "no", "0", "false", "onwaar", ""}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")
ASCII_DIGITS = re.compile(r"[0-9]+")  # str.isdigit() also accepts "²", which int() refuses
PHONE = re.compile(r"[0-9+()\- ]{6,30}")
UNNAMED = "_unnamed"  # reading.UNNAMED: a column without a header
STATUS_WORDS = {
    StudentStatus.ACTIVE: ("actief", "active", "ingeschreven"),
    StudentStatus.GRADUATED: ("gediplomeerd", "geslaagd", "diploma", "graduated"),
    StudentStatus.DROPPED_OUT: ("uitgevallen", "voortijdig", "vsv", "dropped out", "dropped_out",
                                "uitval"),
    StudentStatus.TRANSFERRED: ("overgestapt", "overstap", "overgeplaatst", "transferred"),
}
STATUS_BY_WORD = {word: status for status, words in STATUS_WORDS.items() for word in words}
RELATION_WORDS = {
    "": GuardianRelation.PARENT, "ouder": GuardianRelation.PARENT,
    "parent": GuardianRelation.PARENT, "vader": GuardianRelation.PARENT,
    "moeder": GuardianRelation.PARENT, "voogd": GuardianRelation.GUARDIAN,
    "guardian": GuardianRelation.GUARDIAN, "anders": GuardianRelation.OTHER,
    "other": GuardianRelation.OTHER, "overig": GuardianRelation.OTHER,
}
GROUP_COLUMNS = {"lob_group": GroupKind.LOB_GROUP, "class_group": GroupKind.CLASS,
                 "placement_house": GroupKind.PLACEMENT_HOUSE}


@dataclass(slots=True)
class CleanRow:
    line: int
    student_number: str
    first_name: str
    last_name: str  # with the name prefix ("van der Berg"): the model has no field for it
    date_of_birth: datetime.date
    programme: Programme
    study_year: int
    start_date: datetime.date
    has_start_qualification: bool
    counsellor: User | None
    # None: the file has no such column, and the student's value stays as it is.
    status: str | None = None
    end_date: datetime.date | None = None
    end_reason: str | None = None
    email: str | None = None
    phone: str | None = None
    groups: dict[str, str] | None = None  # group kind → name ("" = none of that kind)
    guardians: list["GuardianRow"] | None = None


@dataclass(slots=True, frozen=True)
class GuardianRow:
    first_name: str
    last_name: str
    email: str
    phone: str
    relation: str


# DATE_FORMATS as patterns: a regular expression is several times faster than trying
# strptime format after format, which counted for a tenth of a 50,000-row import.
YEAR_FIRST = re.compile(r"([0-9]{4})([-/])([0-9]{1,2})\2([0-9]{1,2})")
DAY_FIRST = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4})")


def _date(value: str) -> datetime.date | None:
    """A date written in one of DATE_FORMATS, or None."""
    value = value.strip()
    if match := YEAR_FIRST.fullmatch(value):
        year, _sep, month, day = match.groups()
    elif match := DAY_FIRST.fullmatch(value):
        day, _sep, month, year = match.groups()
    else:
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


class Lookups:
    """Everything rows are checked against, loaded once in a fixed number of queries."""

    def __init__(self, college: College):
        self.teams: dict[str, Team] = {}
        for team in Team.objects.filter(college=college):
            self.teams[team.code.lower()] = team
            self.teams[team.name.lower()] = team
        self.programmes: dict[tuple[str, str], list[Programme]] = {}
        for p in Programme.objects.filter(team__college=college).select_related("team"):
            for key in (p.crebo, p.name.lower()):
                self.programmes.setdefault((key, p.pathway), []).append(p)
        self.counsellors = {
            u.email.lower(): u
            for u in User.objects.filter(
                college=college, is_active=True, groups__name=Role.COUNSELLOR
            ).distinct()
        }
        self.other_users = set(
            User.objects.filter(college=college).values_list("email", flat=True)
        )
        self.groups: dict[tuple[int, str], str] = {
            (team_id, name.lower()): kind
            for team_id, name, kind in Group.objects.filter(team__college=college)
            .values_list("team_id", "name", "kind")
        }
        # Students who left: a file may not move their start date past the day they left.
        self.left_on: dict[str, datetime.date] = dict(
            Student.objects.filter(college=college, end_date__isnull=False)
            .values_list("student_number", "end_date")
        )


def validate(
    positions: dict[str, int],
    rows: Iterable[tuple[int, list[str]]],
    lookups: Lookups,
    progress: Callable[[int], None] | None = None,
    max_errors: int = 1000,
) -> tuple[int, list[RowError]]:
    """Check every row as it is read, keeping nothing but the problems: (number of rows, the
    bad rows with their reasons; beyond `max_errors` bad rows one line counts the rest)."""
    checker = RowChecker(lookups, timezone.localdate())
    bad = BadRows(max_errors)
    read = CheckedRows(checker, positions, rows, progress)
    for _line, checked in read:
        if isinstance(checked, RowError):
            bad.add(checked)
    if progress:
        progress(read.count)
    return read.count, bad.report()


class RowChecker:
    """One row's cells → a CleanRow, or a RowError with every problem found in it. Student
    numbers are remembered across rows: a number may appear once in a file."""

    def __init__(self, lookups: Lookups, today: datetime.date):
        self.lookups = lookups
        self.today = today
        self.seen: dict[str, int] = {}
        self.new_groups: dict[tuple[int, str], str] = {}  # named by an earlier row, not yet made
        self.shape: tuple[bool, bool] | None = None  # (unnamed columns, guardian columns)

    def check(self, line: int, values: dict[str, str]) -> CleanRow | RowError:
        problems: list[Problem] = []

        def cell(name: str) -> str:
            return values.get(name, "")

        if CONTROL_CHARS.search("".join(values.values())):
            problems.append(problem(_("the row contains a control character (such as a NUL byte)")))
        number = self._number(cell("student_number"), line, problems)
        first, last = self._name(cell("first_name"), cell("name_prefix"), cell("last_name"), problems)
        born = self._born(cell("date_of_birth"), problems)
        pathway = cell("pathway").upper()
        if pathway not in ("BOL", "BBL"):
            problems.append(problem(_("pathway “%(value)s” must be BOL or BBL"), value=cell("pathway")))
        year_raw = cell("study_year")
        study_year = int(year_raw) if ASCII_DIGITS.fullmatch(year_raw) else None
        if study_year is None or not 1 <= study_year <= 4:
            problems.append(problem(_("study year “%(value)s” must be 1, 2, 3 or 4"), value=year_raw))
        has_status = "status" in values
        start = self._start(cell("start_date"), born, number, problems, check_left=not has_status)
        has_sq = self._start_qualification(cell("start_qualification"), problems)
        team = self.lookups.teams.get(cell("team").lower())
        programme = self._programme(cell("crebo"), pathway, cell("team"), team, problems)
        counsellor = self._counsellor(cell("counsellor_email").lower(), problems)
        status = end_date = end_reason = None
        if has_status:
            status, end_date, end_reason = self._leaving(values, start, problems)
        email = None
        if "email" in values:
            email = self._email(cell("email"), problems, _("student e-mail “%(value)s” is not an e-mail address"))
        phone = self._phone(cell("phone"), problems) if "phone" in values else None
        if self.shape is None:  # every row of a file has the same columns
            self.shape = (any(name.startswith(UNNAMED) for name in values),
                          any(name.startswith("guardian") for name in values))
        unnamed, has_guardians = self.shape
        groups = self._groups(values, team, problems)
        guardians = self._guardians(values, problems) if has_guardians else None
        if unnamed and any(name.startswith(UNNAMED) and value for name, value in values.items()):
            problems.append(problem(_("the row has a value in a column without a header")))
        if problems:
            return RowError(line=line, problems=problems)
        return CleanRow(
            line=line,
            student_number=number,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            programme=programme,
            study_year=study_year,
            start_date=start,
            has_start_qualification=has_sq,
            counsellor=counsellor,
            status=status,
            end_date=end_date,
            end_reason=end_reason,
            email=email,
            phone=phone,
            groups=groups,
            guardians=guardians,
        )

    def _leaving(self, values: dict[str, str], start: datetime.date | None,
                 problems: list[Problem]) -> tuple[str | None, datetime.date | None, str]:
        """(status, end date, reason) from the status columns, with every rule the register
        holds: a student who left has an end date on or after the start; an active one none."""
        raw = values.get("status", "")
        status = STATUS_BY_WORD.get(raw.lower())
        if status is None:
            problems.append(problem(_("status “%(value)s” must be actief, gediplomeerd, uitgevallen or overgestapt"), value=raw))
        end_raw = values.get("end_date", "")
        end = _date(end_raw) if end_raw else None
        reason = values.get("end_reason", "")
        if end_raw and end is None:
            problems.append(problem(_("end date “%(value)s” is not a date (use YYYY-MM-DD or DD-MM-YYYY)"), value=end_raw))
        elif end and not EARLIEST <= end <= LATEST:
            problems.append(problem(_("end date %(value)s is not plausible"), value=end.isoformat()))
        elif end and start and end < start:
            problems.append(problem(_("end date %(end)s is before the start date %(start)s"), end=end.isoformat(), start=start.isoformat()))
        if status == StudentStatus.ACTIVE and (end_raw or reason):
            problems.append(problem(_("an active student has no end date or reason for leaving; give the status the student left with")))
        elif status not in (None, StudentStatus.ACTIVE) and not end_raw:
            problems.append(problem(_("status “%(value)s” needs an end date"), value=raw))
        if len(reason) > 200:
            problems.append(problem(_("reason for leaving is longer than 200 characters")))
        return status, end, reason

    @staticmethod
    def _email(raw: str, problems: list[Problem], msgid: str, **params) -> str:
        if not raw:
            return ""
        try:
            if len(raw) > 254:
                raise ValidationError("too long")
            validate_email(raw)
        except ValidationError:
            problems.append(problem(msgid, value=raw, **params))
        return raw.lower()

    @staticmethod
    def _phone(raw: str, problems: list[Problem]) -> str:
        if raw and (not PHONE.fullmatch(raw) or len(ASCII_DIGITS.sub("", raw)) == len(raw)):
            problems.append(problem(_("phone number “%(value)s” may contain only digits, spaces, +, - and brackets (6 to 30)"), value=raw))
        return raw

    def _groups(self, values: dict[str, str], team: Team | None,
                problems: list[Problem]) -> dict[str, str] | None:
        """Group kind → group name for the group columns the file has. A name already used in
        the team for another kind of group is an error; a new name is made by apply()."""
        present = {column: kind for column, kind in GROUP_COLUMNS.items() if column in values}
        if not present:
            return None
        groups = {}
        for column, kind in present.items():
            name = values[column]
            groups[kind] = name
            if not name or team is None:
                continue
            if len(name) > 100:
                problems.append(problem(_("group name “%(value)s” is longer than 100 characters"), value=name))
                continue
            key = (team.pk, name.lower())
            known = self.lookups.groups.get(key) or self.new_groups.setdefault(key, kind)
            if known != kind:
                header = {k: c for c, k in GROUP_COLUMNS.items()}
                problems.append(problem(
                    _("group “%(name)s” of team %(team)s is a group of column “%(kind)s”, not of “%(wanted)s”"),
                    name=name, team=team.name, kind=COLUMNS[header[known]].header,
                    wanted=COLUMNS[header[kind]].header,
                ))
        return groups

    def _guardians(self, values: dict[str, str], problems: list[Problem]) -> list[GuardianRow] | None:
        """The row's parents/guardians (up to two), or None when the file has no guardian
        columns (the register's guardians then stay as they are)."""
        guardians = []
        for n in range(1, GUARDIANS_PER_ROW + 1):
            cells = {f: values.get(f"guardian{n}_{f}", "") for f in
                     ("first_name", "last_name", "email", "phone", "relation")}
            if not any(cells.values()):
                continue
            if not cells["last_name"]:
                problems.append(problem(_("parent/guardian %(n)s has no last name"), n=n))
            if len(cells["first_name"]) > 100 or len(cells["last_name"]) > 150:
                problems.append(problem(_("name of parent/guardian %(n)s is too long"), n=n))
            relation = RELATION_WORDS.get(cells["relation"].lower())
            if relation is None:
                problems.append(problem(_("relation “%(value)s” of parent/guardian %(n)s must be ouder, voogd or anders"), value=cells["relation"], n=n))
            email = self._email(cells["email"], problems, _("e-mail “%(value)s” of parent/guardian %(n)s is not an e-mail address"), n=n)
            phone = self._phone(cells["phone"], problems)
            guardians.append(GuardianRow(cells["first_name"], cells["last_name"], email, phone,
                                         relation or GuardianRelation.PARENT))
        return guardians

    def _number(self, number: str, line: int, problems: list[Problem]) -> str:
        if not number:
            problems.append(problem(_("student number is empty")))
        elif not re.fullmatch(r"[A-Za-z0-9]{1,20}", number):
            problems.append(problem(_("student number “%(value)s” may only contain letters and digits (at most 20)"), value=number))
        elif number in self.seen:
            problems.append(problem(_("student number %(value)s also appears on line %(line)s"), value=number, line=self.seen[number]))
        else:
            self.seen[number] = line
        return number

    @staticmethod
    def _name(first: str, prefix: str, last: str, problems: list[Problem]) -> tuple[str, str]:
        """(first name, last name with its prefix): the Student model keeps "van der" in the
        last name, as the rest of the app writes it ("van den Berg")."""
        if not first:
            problems.append(problem(_("first name is empty")))
        if not last:
            problems.append(problem(_("last name is empty")))
        last = f"{prefix} {last}" if prefix and last else last
        if len(first) > 100 or len(last) > 150:
            problems.append(problem(_("name is too long")))
        return first, last

    def _born(self, raw: str, problems: list[Problem]) -> datetime.date | None:
        born = _date(raw)
        if born is None:
            problems.append(problem(_("date of birth “%(value)s” is not a date (use YYYY-MM-DD or DD-MM-YYYY)"), value=raw))
        elif not (self.today.year - 80 <= born.year <= self.today.year - 10):
            problems.append(problem(_("date of birth %(value)s is not plausible for a student"), value=born.isoformat()))
        return born

    def _start(self, raw: str, born: datetime.date | None, number: str,
               problems: list[Problem], *, check_left: bool = True) -> datetime.date | None:
        start = _date(raw)
        left_on = self.lookups.left_on.get(number) if check_left else None
        if start is None:
            problems.append(problem(_("start date “%(value)s” is not a date (use YYYY-MM-DD or DD-MM-YYYY)"), value=raw))
        elif born and start <= born:
            problems.append(problem(_("start date is before the date of birth")))
        elif not EARLIEST <= start <= LATEST:  # the column's check constraint (common.dates)
            problems.append(problem(_("start date %(value)s is not plausible"),
                                    value=start.isoformat()))
        elif left_on and start > left_on:
            problems.append(problem(
                _("student %(number)s left on %(left)s; a start date after that (%(start)s) means a new enrolment: make the student active again first"),
                number=number, left=left_on.isoformat(), start=start.isoformat(),
            ))
        return start

    @staticmethod
    def _start_qualification(raw: str, problems: list[Problem]) -> bool:
        if raw.lower() in TRUE_WORDS:
            return True
        if raw.lower() not in FALSE_WORDS:
            problems.append(problem(_("start qualification “%(value)s” must be yes or no"), value=raw))
        return False

    def _programme(self, crebo: str, pathway: str, team_raw: str, team: Team | None,
                   problems: list[Problem]) -> Programme | None:
        """The programme the row names (by crebo or name) in its pathway and team."""
        if team is None:
            problems.append(problem(_("team “%(value)s” does not exist in this college"), value=team_raw))
        if pathway not in ("BOL", "BBL"):
            return None
        key = crebo if ASCII_DIGITS.fullmatch(crebo) else crebo.lower()
        candidates = self.lookups.programmes.get((key, pathway), [])
        in_team = [p for p in candidates if team is not None and p.team_id == team.pk]
        if not candidates:
            other = "BOL" if pathway == "BBL" else "BBL"
            if self.lookups.programmes.get((key, other)):
                problems.append(problem(_("programme %(crebo)s is not offered as %(pathway)s in this college"), crebo=crebo, pathway=pathway))
            elif ASCII_DIGITS.fullmatch(crebo):
                problems.append(problem(_("crebo %(crebo)s does not exist in this college"), crebo=crebo))
            else:
                problems.append(problem(_("programme “%(crebo)s” does not exist in this college"), crebo=crebo or "—"))
        elif team is not None and not in_team:
            problems.append(problem(_("programme %(crebo)s (%(pathway)s) is not run by team “%(team)s”"), crebo=crebo, pathway=pathway, team=team_raw))
        elif len(in_team) == 1:
            return in_team[0]
        return None

    def _counsellor(self, email: str, problems: list[Problem]) -> User | None:
        if not email:
            return None
        counsellor = self.lookups.counsellors.get(email)
        if counsellor is None:
            if email in self.lookups.other_users:
                problems.append(problem(_("%(email)s is not a counsellor"), email=email))
            else:
                problems.append(problem(_("counsellor %(email)s is not a member of staff of this college"), email=email))
        return counsellor
