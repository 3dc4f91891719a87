"""Checking every row of an import against the college's teams, programmes and staff."""

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_noop as _

from common.dates import EARLIEST, LATEST
from common.imports import (  # noqa: F401 - Problem, RowError, shown: this module's API
    ASCII_DIGITS,
    CONTROL_CHARS,
    FALSE_WORDS,
    PROGRESS_EVERY,
    TRUE_WORDS,
    Problem,
    RowError,
    parse_date,
    problem,
    row_values,
    shown,
    too_many,
)
from staff.models import College, Team, User
from staff.roles import Role

from ..models import Programme, Student


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


_date = parse_date


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
    errors: list[RowError] = []
    count = bad = 0
    for count, (line, cells) in enumerate(rows, start=1):
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
        checked = checker.check(line, row_values(positions, cells))
        if isinstance(checked, RowError):
            bad += 1
            if bad <= max_errors:
                errors.append(checked)
    too_many(errors, bad, max_errors)
    if progress:
        progress(count)
    return count, errors


class RowChecker:
    """One row's cells → a CleanRow, or a RowError with every problem found in it. Student
    numbers are remembered across rows: a number may appear once in a file."""

    def __init__(self, lookups: Lookups, today: datetime.date):
        self.lookups = lookups
        self.today = today
        self.seen: dict[str, int] = {}

    def check(self, line: int, values: dict[str, str]) -> CleanRow | RowError:
        problems: list[Problem] = []

        def cell(name: str) -> str:
            return values.get(name, "")

        if any(CONTROL_CHARS.search(value) for value in values.values()):
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
        start = self._start(cell("start_date"), born, number, problems)
        has_sq = self._start_qualification(cell("start_qualification"), problems)
        programme = self._programme(cell("crebo"), pathway, cell("team"), problems)
        counsellor = self._counsellor(cell("counsellor_email").lower(), problems)
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
        )

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
               problems: list[Problem]) -> datetime.date | None:
        start = _date(raw)
        left_on = self.lookups.left_on.get(number)
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

    def _programme(self, crebo: str, pathway: str, team_raw: str,
                   problems: list[Problem]) -> Programme | None:
        """The programme the row names (by crebo or name) in its pathway and team."""
        team = self.lookups.teams.get(team_raw.lower())
        if team is None:
            problems.append(problem(_("team “%(value)s” does not exist in this college"), value=team_raw))
        if pathway not in ("BOL", "BBL"):
            return None
        key = crebo if ASCII_DIGITS.fullmatch(crebo) else crebo.lower()
        candidates = self.lookups.programmes.get((key, pathway), [])
        in_team = [p for p in candidates if team is not None and p.team_id == team.pk]
        if not candidates:
            problems.append(problem(_("programme %(crebo)s is not offered as %(pathway)s in this college"), crebo=crebo or "—", pathway=pathway))
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
