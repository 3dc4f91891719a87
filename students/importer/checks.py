"""Checking every row of an import against the college's teams, programmes and staff."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from common.dates import EARLIEST, LATEST
from staff.models import College, Team, User
from staff.roles import Role

from ..models import Programme

TRUE_WORDS = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
FALSE_WORDS = {"nee", "n", "no", "0", "false", "onwaar", ""}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")
PROGRESS_EVERY = 250


@dataclass
class RowError:
    line: int
    messages: list[str]

    def as_dict(self):
        return {"line": self.line, "messages": self.messages}


@dataclass
class CleanRow:
    line: int
    student_number: str
    first_name: str
    last_name: str
    date_of_birth: datetime.date
    programme: Programme
    study_year: int
    start_date: datetime.date
    has_start_qualification: bool
    counsellor: User | None


def _date(value: str) -> datetime.date | None:
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


class _Lookups:
    """Everything rows are checked against, loaded in a fixed number of queries."""

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


def validate(
    positions: dict[str, int],
    rows: list[tuple[int, list[str]]],
    college: College,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[CleanRow], list[RowError]]:
    """Check every row; (the clean rows, the bad rows with their reasons)."""
    checker = _RowChecker(_Lookups(college), timezone.localdate())
    clean: list[CleanRow] = []
    errors: list[RowError] = []
    for count, (line, cells) in enumerate(rows, start=1):
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
        values = {
            name: (cells[index].strip() if index < len(cells) else "")
            for name, index in positions.items()
        }
        checked = checker.check(line, values)
        (errors if isinstance(checked, RowError) else clean).append(checked)
    if progress:
        progress(len(rows))
    return clean, errors


class _RowChecker:
    """One row's cells → a CleanRow, or a RowError with every problem found in it. Student
    numbers are remembered across rows: a number may appear once in a file."""

    def __init__(self, lookups: _Lookups, today: datetime.date):
        self.lookups = lookups
        self.today = today
        self.seen: dict[str, int] = {}

    def check(self, line: int, values: dict[str, str]) -> CleanRow | RowError:
        problems: list[str] = []

        def cell(name: str) -> str:
            return values.get(name, "")

        number = self._number(cell("student_number"), line, problems)
        first, last = cell("first_name"), cell("last_name")
        self._name(first, last, problems)
        born = self._born(cell("date_of_birth"), problems)
        pathway = cell("pathway").upper()
        if pathway not in ("BOL", "BBL"):
            problems.append(_("pathway “%(value)s” must be BOL or BBL") % {"value": cell("pathway")})
        year_raw = cell("study_year")
        study_year = int(year_raw) if year_raw.isdigit() else None
        if study_year is None or not 1 <= study_year <= 4:
            problems.append(_("study year “%(value)s” must be 1, 2, 3 or 4") % {"value": year_raw})
        start = self._start(cell("start_date"), born, problems)
        has_sq = self._start_qualification(cell("start_qualification"), problems)
        programme = self._programme(cell("crebo"), pathway, cell("team"), problems)
        counsellor = self._counsellor(cell("counsellor_email").lower(), problems)
        if problems:
            return RowError(line=line, messages=problems)
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
        )

    def _number(self, number: str, line: int, problems: list[str]) -> str:
        if not number:
            problems.append(_("student number is empty"))
        elif not re.fullmatch(r"[A-Za-z0-9]{1,20}", number):
            problems.append(_("student number “%(value)s” may only contain letters and digits (at most 20)") % {"value": number})
        elif number in self.seen:
            problems.append(_("student number %(value)s also appears on line %(line)s") % {"value": number, "line": self.seen[number]})
        else:
            self.seen[number] = line
        return number

    @staticmethod
    def _name(first: str, last: str, problems: list[str]) -> None:
        if not first:
            problems.append(_("first name is empty"))
        if not last:
            problems.append(_("last name is empty"))
        if len(first) > 100 or len(last) > 150:
            problems.append(_("name is too long"))

    def _born(self, raw: str, problems: list[str]) -> datetime.date | None:
        born = _date(raw)
        if born is None:
            problems.append(_("date of birth “%(value)s” is not a date (use YYYY-MM-DD or DD-MM-YYYY)") % {"value": raw})
        elif not (self.today.year - 80 <= born.year <= self.today.year - 10):
            problems.append(_("date of birth %(value)s is not plausible for a student") % {"value": born.isoformat()})
        return born

    @staticmethod
    def _start(raw: str, born: datetime.date | None, problems: list[str]) -> datetime.date | None:
        start = _date(raw)
        if start is None:
            problems.append(_("start date “%(value)s” is not a date (use YYYY-MM-DD or DD-MM-YYYY)") % {"value": raw})
        elif born and start <= born:
            problems.append(_("start date is before the date of birth"))
        elif not EARLIEST <= start <= LATEST:  # the column's check constraint (common.dates)
            problems.append(_("start date %(value)s is not plausible") % {"value": start.isoformat()})
        return start

    @staticmethod
    def _start_qualification(raw: str, problems: list[str]) -> bool:
        if raw.lower() in TRUE_WORDS:
            return True
        if raw.lower() not in FALSE_WORDS:
            problems.append(_("start qualification “%(value)s” must be yes or no") % {"value": raw})
        return False

    def _programme(self, crebo: str, pathway: str, team_raw: str,
                   problems: list[str]) -> Programme | None:
        """The programme the row names (by crebo or name) in its pathway and team."""
        team = self.lookups.teams.get(team_raw.lower())
        if team is None:
            problems.append(_("team “%(value)s” does not exist in this college") % {"value": team_raw})
        if pathway not in ("BOL", "BBL"):
            return None
        key = crebo if crebo.isdigit() else crebo.lower()
        candidates = self.lookups.programmes.get((key, pathway), [])
        in_team = [p for p in candidates if team is not None and p.team_id == team.pk]
        if not candidates:
            problems.append(_("programme %(crebo)s is not offered as %(pathway)s in this college") % {"crebo": crebo or "—", "pathway": pathway})
        elif team is not None and not in_team:
            problems.append(_("programme %(crebo)s (%(pathway)s) is not run by team “%(team)s”") % {"crebo": crebo, "pathway": pathway, "team": team_raw})
        elif len(in_team) == 1:
            return in_team[0]
        return None

    def _counsellor(self, email: str, problems: list[str]) -> User | None:
        if not email:
            return None
        counsellor = self.lookups.counsellors.get(email)
        if counsellor is None:
            if email in self.lookups.other_users:
                problems.append(_("%(email)s is not a counsellor") % {"email": email})
            else:
                problems.append(_("counsellor %(email)s is not a member of staff of this college") % {"email": email})
        return counsellor
