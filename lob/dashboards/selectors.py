"""Reads for the dashboards: who sees which dashboard, the rollup sums, the live staff figures
and the drill-down lists (each through the owning app's scoping function)."""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from lob.sqlcache import Prepared, listed, numbered
from staff.models import (
    College,
    ReviewCycle,
    Stage,
    StandardAssessment,
    Team,
    Training,
    TrainingStatus,
)
from staff.roles import Role
from students.models import (
    FollowUp,
    FollowUpStatus,
    GuidanceSession,
    SessionFormat,
    SessionLocation,
    Student,
    StudentStatus,
)
from students.selectors import follow_up_scope, session_scope, with_current_counsellor

from .figures import (
    active_on,
    assignments_until,
    intake_on_time,
    seen_individually,
    starters_q,
    with_intake_deadline,
)
from .models import RollupState, TeamMonthReach, TeamYearFigures
from .periods import day_end, day_start, reference_date, study_year_in, year_bounds

# Which parts of the college view each role sees. HR: staff figures only, no student data;
# the LEC lead: referral aggregates (the LEC's own overview has the rest).
SECTIONS_ALL = frozenset({"students", "referrals", "staff"})
SECTIONS_BY_ROLE = {
    Role.DIRECTOR: SECTIONS_ALL,
    Role.HR: frozenset({"staff"}),
    Role.LEC_LEAD: frozenset({"referrals"}),
}


# --- who sees which dashboard ------------------------------------------------------------------


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_roc_user(user) -> bool:
    """ROC-level users: superusers, and directors without a college."""
    return _active(user) and (
        user.is_superuser or (user.college_id is None and user.has_role(Role.DIRECTOR))
    )


def dashboard_teams(user) -> QuerySet[Team]:
    """Teams whose dashboard `user` may open: a manager their own teams, a director all teams
    of their college, an ROC-level user every team."""
    if not _active(user):
        return Team.objects.none()
    if is_roc_user(user):
        return Team.objects.all()
    if user.college_id and user.has_role(Role.DIRECTOR):
        return Team.objects.filter(college_id=user.college_id)
    return Team.objects.filter(pk__in=user.team_ids(Role.MANAGER))


def team_for_dashboard(user, pk: int) -> Team:
    try:
        return dashboard_teams(user).select_related("college").get(pk=pk)
    except Team.DoesNotExist:
        raise Http404 from None


def dashboard_colleges(user) -> QuerySet[College]:
    if is_roc_user(user):
        return College.objects.all()
    if _active(user) and user.college_id and college_sections(user):
        return College.objects.filter(pk=user.college_id)
    return College.objects.none()


def college_for_dashboard(user, pk: int) -> College:
    try:
        return dashboard_colleges(user).get(pk=pk)
    except College.DoesNotExist:
        raise Http404 from None


def may_see_team(user, team: Team) -> bool:
    """`team_for_dashboard` without a query, for links (the same rule as dashboard_teams)."""
    if not _active(user):
        return False
    if is_roc_user(user):
        return True
    if user.college_id and user.college_id == team.college_id and user.has_role(Role.DIRECTOR):
        return True
    return team.pk in user.team_ids(Role.MANAGER)


def may_see_college(user, college_id: int) -> bool:
    """`college_for_dashboard` without a query, for links."""
    return is_roc_user(user) or (
        _active(user) and user.college_id == college_id and bool(college_sections(user))
    )


def college_sections(user) -> frozenset[str]:
    if is_roc_user(user):
        return SECTIONS_ALL
    sections: set[str] = set()
    for role, allowed in SECTIONS_BY_ROLE.items():
        if user.has_role(role):
            sections |= allowed
    return frozenset(sections)


# --- filters -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    year: int
    pathway: str = ""
    study_year: int | None = None
    today: datetime.date | None = None

    @property
    def day(self) -> datetime.date:
        return self.today or timezone.localdate()

    @property
    def reference(self) -> datetime.date:
        return reference_date(self.year, self.day)

    def apply(self, qs):
        """Narrow rollup rows to the chosen pathway and study year."""
        if self.pathway:
            qs = qs.filter(pathway=self.pathway)
        if self.study_year:
            qs = qs.filter(study_year=self.study_year)
        return qs

    def apply_students(self, qs, prefix: str = ""):
        """Narrow a student queryset (or one reached through `prefix`) the same way."""
        if self.pathway:
            qs = qs.filter(**{f"{prefix}programme__pathway": self.pathway})
        if self.study_year:
            qs = qs.alias(_sy=study_year_in(self.year, self.day, prefix)).filter(
                _sy=self.study_year
            )
        return qs


# --- rollups -----------------------------------------------------------------------------------

SUM_FIELDS = [
    f.name
    for f in TeamYearFigures._meta.concrete_fields
    if f.get_internal_type() == "PositiveIntegerField" and f.name != "school_year"
]


def _scope_ids(scope: dict) -> dict[str, int]:
    """{"college": college} as {"college_id": college.pk}: lookups on ids, values a prepared
    query passes as parameters."""
    return {f"{key}_id": obj.pk for key, obj in scope.items()}


def _prepared_values(filters: Filters, scope: dict) -> tuple[tuple, dict]:
    """The shape (which filters are present) and the values of a rollup query."""
    ids = _scope_ids(scope)
    values = {"year": filters.year, **ids}
    if filters.pathway:
        values["pathway"] = filters.pathway
    if filters.study_year:
        values["study_year"] = filters.study_year
    return (tuple(sorted(ids)), bool(filters.pathway), bool(filters.study_year)), values


def _rollup_qs(model, shape_filters: tuple, year, pathway="", study_year=None, **ids):
    _ids, by_pathway, by_study_year = shape_filters
    filters = Filters(year, pathway if by_pathway else "", study_year if by_study_year else None)
    return filters.apply(model.objects.filter(school_year=year, **ids))


_FIGURE_SUMS = Prepared(
    lambda shape, **values: _rollup_qs(TeamYearFigures, shape[1], **values)
    .values(*shape[0])
    .annotate(**{f"sum_{f}": Sum(f) for f in SUM_FIELDS})
    .order_by(*shape[0])
)


def figure_sums(filters: Filters, group: list[str], **scope) -> list[dict]:
    """The rollup summed in the database per `group` (e.g. pathway and study year, or team)."""
    shape, values = _prepared_values(filters, scope)
    return [
        {**{g: row[g] for g in group}, **{f: row[f"sum_{f}"] or 0 for f in SUM_FIELDS}}
        for row in _FIGURE_SUMS.rows((tuple(group), shape), **values)
    ]


def _team_rows_qs(shape, team_id, pathway="", study_year=None, **years):
    count, by_pathway, by_study_year = shape
    filters = Filters(0, pathway if by_pathway else "", study_year if by_study_year else None)
    qs = TeamYearFigures.objects.filter(
        team_id=team_id, school_year__in=listed("y", count, years))
    return filters.apply(qs).values(
        "school_year", "pathway", "study_year", "triage_days", *SUM_FIELDS
    ).order_by("school_year", "pathway", "study_year")


_TEAM_ROWS = Prepared(_team_rows_qs)


def team_rows(filters: Filters, team: Team, years: list[int]) -> list[dict]:
    """A team's rollup rows for some school years, one per year, pathway and study year. The
    rows are unique per team, so they are read as they are (with their days-to-triage
    histogram): one small query for the year shown and the history beside it."""
    values = {"team_id": team.pk, **numbered("y", years)}
    if filters.pathway:
        values["pathway"] = filters.pathway
    if filters.study_year:
        values["study_year"] = filters.study_year
    return _TEAM_ROWS.rows((len(years), bool(filters.pathway), bool(filters.study_year)),
                           **values)


def merged_median(histograms) -> float | None:
    merged: dict[str, int] = {}
    for histogram in histograms:
        for day, n in histogram.items():
            merged[day] = merged.get(day, 0) + n
    return median_of(merged)


def median_of(histogram: dict[str, int]) -> float | None:
    """The median of a {value: count} histogram."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted((int(k), n) for k, n in histogram.items())
    wanted = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value, n in ordered:
        while len(found) < 2 and wanted[len(found)] < seen + n:
            found.append(value)
        seen += n
    return (found[0] + found[1]) / 2


_TRIAGE_DAYS = Prepared(
    lambda shape, **values: _rollup_qs(TeamYearFigures, shape[1], **values)
    .filter(referrals_triaged__gt=0)
    .values(*shape[0], "triage_days")
)


def triage_medians(filters: Filters, group: list[str], **scope) -> dict[tuple, float | None]:
    """Median days from referral to triage per `group`, merged from the rows' histograms."""
    shape, values = _prepared_values(filters, scope)
    merged: dict[tuple, dict[str, int]] = {}
    for row in _TRIAGE_DAYS.rows((tuple(group), shape), **values):
        key = tuple(row[g] for g in group)
        target = merged.setdefault(key, {})
        for day, n in row["triage_days"].items():
            target[day] = target.get(day, 0) + n
    result = {key: median_of(h) for key, h in merged.items()}
    every: dict[str, int] = {}
    for h in merged.values():
        for day, n in h.items():
            every[day] = every.get(day, 0) + n
    result[()] = median_of(every)
    return result


_MONTH_TREND = Prepared(
    lambda shape, **values: _rollup_qs(TeamMonthReach, shape, **values)
    .values("month", "pathway")
    .annotate(active_sum=Sum("active"), seen_sum=Sum("seen"))
    .order_by("month", "pathway")
)


def month_trend(filters: Filters, **scope) -> list[dict]:
    """Reach per month and pathway, summed in the database."""
    shape, values = _prepared_values(filters, scope)
    return _MONTH_TREND.rows(shape, **values)


_ROLLUP_AGE = Prepared(
    lambda shape, year, **ids: RollupState.objects.filter(school_year=year, **ids)
    .order_by("refreshed_at").values("refreshed_at")[:1]
)


def rollup_age(year: int, college_id: int | None = None) -> datetime.datetime | None:
    """When the oldest of the rollups shown (of one college, or of all) was computed (None:
    never)."""
    ids = {} if college_id is None else {"college_id": college_id}
    rows = _ROLLUP_AGE.rows(tuple(ids), year=year, **ids)
    return rows[0]["refreshed_at"] if rows else None


# --- live figures ------------------------------------------------------------------------------


def follow_ups_per_counsellor(team: Team, filters: Filters) -> list[dict]:
    """Open follow-ups of the team's students now, per owner, with the overdue ones."""
    qs = filters.apply_students(
        FollowUp.objects.filter(status=FollowUpStatus.OPEN, student__programme__team=team),
        "student__",
    )
    return list(
        qs.values("owner_id", "owner__first_name", "owner__last_name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=filters.day)))
        .order_by("-overdue", "-open", "owner__last_name", "owner_id")
    )


_CYCLES = Prepared(
    lambda shape, year, **ids: ReviewCycle.objects.filter(school_year=year, **ids)
    .values(shape[0])
    .annotate(
        cycles=Count("pk", distinct=True),
        closed=Count("pk", distinct=True, filter=Q(stage=Stage.CLOSED)),
        requests=Count("feedback_requests"),
        answered=Count("feedback_requests",
                       filter=Q(feedback_requests__answered_at__isnull=False)),
    )
    .order_by()
)
_COMPLETED_HOURS = Prepared(
    lambda shape, year, **ids: Training.objects.filter(
        cycle__school_year=year, status=TrainingStatus.COMPLETED, **ids)
    .values(f"cycle__{shape[0]}")
    .annotate(hours=Sum("hours"))
    .order_by()
)
_STANDARDS_MEAN = Prepared(
    lambda shape, year, **ids: StandardAssessment.objects.filter(school_year=year, **ids)
    .values(shape[0])
    .annotate(mean=Avg("score"))
    .order_by()
)


def cycle_figures(year: int, group: str, **scope) -> dict:
    """Review cycles (and how many are closed) and their 360 requests (and how many were
    answered) per `group` ("team" or "team__college"), in one query."""
    ids = _scope_ids(scope)
    return {row[group]: row for row in _CYCLES.rows((group, tuple(sorted(ids))), year=year, **ids)}


def staff_figures(year: int, group: str, **scope) -> dict:
    """Per `group`: review cycles, 360 response, completed training hours and the mean
    standards self-assessment score (three grouped queries)."""
    cycles = cycle_figures(year, group, **scope)
    ids = _scope_ids(scope)
    cycle_ids = {f"cycle__{k}": v for k, v in ids.items()}
    training = {
        row[f"cycle__{group}"]: row["hours"]
        for row in _COMPLETED_HOURS.rows((group, tuple(sorted(cycle_ids))), year=year,
                                         **cycle_ids)
    }
    standards = {
        row[group]: row["mean"]
        for row in _STANDARDS_MEAN.rows((group, tuple(sorted(ids))), year=year, **ids)
    }
    keys = set(cycles) | set(training) | set(standards)
    return {
        key: {
            "cycles": cycles.get(key, {}).get("cycles", 0),
            "closed": cycles.get(key, {}).get("closed", 0),
            "requests": cycles.get(key, {}).get("requests", 0),
            "answered": cycles.get(key, {}).get("answered", 0),
            "training_hours": float(training.get(key) or 0),
            "standards_mean": float(standards[key]) if standards.get(key) is not None else None,
        }
        for key in keys
    }


_TRAINING_BY_AREA = Prepared(
    lambda shape, year, **ids: Training.objects.filter(cycle__school_year=year, **ids)
    .values("area")
    .annotate(
        completed=Sum("hours", filter=Q(status=TrainingStatus.COMPLETED)),
        planned=Sum(
            "hours", filter=Q(status__in=[TrainingStatus.PLANNED, TrainingStatus.IN_PROGRESS])
        ),
    )
    .order_by("area")
)
_STANDARDS_SCORES = Prepared(
    lambda shape, year, **ids: StandardAssessment.objects.filter(school_year=year, **ids)
    .values(
        standard_id=F("criterion__standard_id"),
        name=F("criterion__standard__name"),
        order=F("criterion__standard__order"),
    )
    .annotate(mean=Avg("score"), criteria=Count("pk"))
    .order_by("order", "name")
)


def training_by_area(year: int, **scope) -> list[dict]:
    ids = {f"cycle__{k}": v for k, v in _scope_ids(scope).items()}
    return _TRAINING_BY_AREA.rows(tuple(sorted(ids)), year=year, **ids)


def standards_scores(year: int, **scope) -> list[dict]:
    """The mean self-assessment score per LOB standard (1–4)."""
    ids = _scope_ids(scope)
    return _STANDARDS_SCORES.rows(tuple(sorted(ids)), year=year, **ids)


# --- drill-downs: live lists, each through its owner's scoping ---------------------------------

DRILLS = ("not_seen", "intake_late", "changed", "left", "follow_ups", "open_space")
LEFT_STATUSES = (StudentStatus.GRADUATED, StudentStatus.DROPPED_OUT, StudentStatus.TRANSFERRED)


def _team_students(user, team: Team, filters: Filters) -> QuerySet[Student]:
    qs = Student.objects.visible_to(user).filter(programme__team=team)
    return filters.apply_students(qs).select_related("programme")


def not_seen_students(user, team: Team, filters: Filters) -> QuerySet[Student]:
    """Active students not seen individually in the weeks before the reference date."""
    ref = filters.reference
    qs = _team_students(user, team, filters).filter(active_on(ref)).exclude(seen_individually(ref))
    return with_current_counsellor(qs).order_by("last_name", "first_name", "pk")


def intake_late_students(user, team: Team, filters: Filters) -> QuerySet[Student]:
    """Students who started in the school year and had no intake within the weeks allowed."""
    qs = with_intake_deadline(_team_students(user, team, filters)).filter(
        starters_q(filters.year, filters.day), intake_deadline__lt=filters.day
    ).exclude(intake_on_time())
    return with_current_counsellor(qs).order_by("start_date", "last_name", "pk")


def changed_counsellor_students(user, team: Team, filters: Filters) -> QuerySet[Student]:
    ref = filters.reference
    qs = _team_students(user, team, filters).filter(active_on(ref)).annotate(
        assignments=assignments_until(ref)
    ).filter(assignments__gt=1)
    return with_current_counsellor(qs).order_by("-assignments", "last_name", "pk")


def left_students(user, team: Team, filters: Filters, status: str) -> QuerySet[Student]:
    if status not in LEFT_STATUSES:
        raise Http404
    first, last = year_bounds(filters.year)
    qs = _team_students(user, team, filters).filter(
        status=status, end_date__gte=first, end_date__lte=last
    )
    return with_current_counsellor(qs).order_by("end_date", "last_name", "pk")


def open_follow_ups(user, team: Team, filters: Filters, *, owner_id: int | None,
                    overdue: bool) -> QuerySet[FollowUp]:
    """Open follow-ups of the team's students that `user` may read (students.follow_up_scope)."""
    qs = FollowUp.objects.filter(status=FollowUpStatus.OPEN, student__programme__team=team)
    if owner_id:
        qs = qs.filter(owner_id=owner_id)
    if overdue:
        qs = qs.filter(due_date__lt=filters.day)
    qs = filters.apply_students(qs, "student__")
    return follow_up_scope(qs, user).select_related("student", "owner").order_by("due_date", "pk")


def open_space_sessions(user, team: Team, filters: Filters) -> QuerySet[GuidanceSession]:
    """Individual sessions of the school year held in an open space, that `user` may read."""
    first, last = year_bounds(filters.year)
    qs = GuidanceSession.objects.filter(
        team=team,
        format=SessionFormat.INDIVIDUAL,
        location=SessionLocation.OPEN_SPACE,
        held_at__gte=day_start(first),
        held_at__lt=day_end(last),
    )
    if filters.pathway or filters.study_year:
        students = filters.apply_students(Student.objects.filter(programme__team=team))
        qs = qs.filter(
            Exists(
                students.filter(attendances__session_id=OuterRef("pk")).values("pk")
            )
        )
    return session_scope(qs, user).select_related("counsellor").order_by("-held_at", "-pk")


def home_figures(team_ids) -> list[dict]:
    """The running school year's headline figures of some teams, from the rollup (one query)."""
    from .periods import school_year_of

    year = school_year_of(timezone.localdate())
    rows = (
        TeamYearFigures.objects.filter(team_id__in=team_ids, school_year=year)
        .values("team_id", "team__name")
        .annotate(active=Sum("active"), seen=Sum("seen"), starters=Sum("starters"),
                  on_time=Sum("intake_on_time"), pending=Sum("intake_pending"),
                  overdue=Sum("follow_ups_overdue"))
        .order_by("team__name")
    )
    return [
        {**row, "not_seen": row["active"] - row["seen"],
         "reach": round(100 * row["seen"] / row["active"]) if row["active"] else None,
         "intake_late": row["starters"] - row["pending"] - row["on_time"]}
        for row in rows
    ]
