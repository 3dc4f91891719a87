"""The student figures of one school year, computed in the database for a set of teams.

Each function runs one grouped query and returns {(team, pathway, study year): {field: n}};
`services.dashboard_refresh` stores the merged result as rollup rows. Referral figures read
states, dates and outcomes only — never a referral's reason, diagnosis, plan or notes.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone

from lec.models import CASE_WORK_STATUSES, OPEN_STATUSES, Feedback, Referral, Status
from staff.models import ReviewCycle, Stage, StandardAssessment, Training, TrainingStatus
from students.models import (
    CounsellorAssignment,
    FollowUp,
    FollowUpStatus,
    SessionAttendance,
    SessionFormat,
    SessionKind,
    SessionLocation,
    Student,
    StudentStatus,
)

from .models import REFERRAL_OUTCOME_FIELDS
from .periods import day_end, day_start, months_of, reference_date, study_year_in, year_bounds

Key = tuple[int, str, int]


def _grouped(qs, team_field: str, prefix: str, year: int, today: datetime.date):
    return qs.annotate(
        k_team=F(team_field),
        k_pathway=F(f"{prefix}programme__pathway"),
        k_study_year=study_year_in(year, today, prefix),
    ).values("k_team", "k_pathway", "k_study_year")


def _collect(rows, into: dict[Key, dict]) -> None:
    for row in rows:
        key = (row.pop("k_team"), row.pop("k_pathway"), row.pop("k_study_year"))
        into.setdefault(key, {}).update({k: v or 0 for k, v in row.items()})


def students_in_year(team_ids, year: int, today: datetime.date):
    """Students of the teams enrolled at some point of the school year (up to today)."""
    first, last = year_bounds(year)
    return Student.objects.filter(
        programme__team_id__in=team_ids, start_date__lte=min(last, today)
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=first))


def active_on(day: datetime.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gt=day))


def seen_individually(day: datetime.date, student_ref="pk") -> Exists:
    """An individual session attended in the LOB_NOT_SEEN_WEEKS before the end of `day`."""
    until = day_end(day)
    since = until - datetime.timedelta(weeks=settings.LOB_NOT_SEEN_WEEKS)
    return Exists(
        SessionAttendance.objects.filter(
            student_id=OuterRef(student_ref),
            present=True,
            held_at__gte=since,
            held_at__lt=until,
            session__format=SessionFormat.INDIVIDUAL,
        )
    )


def with_intake_deadline(qs):
    weeks = datetime.timedelta(weeks=settings.LOB_INTAKE_WITHIN_WEEKS)
    return qs.annotate(
        intake_deadline=ExpressionWrapper(F("start_date") + weeks, output_field=DateField())
    )


def intake_on_time() -> Exists:
    """An intake attended no later than the student's intake deadline (needs the annotation)."""
    return Exists(
        SessionAttendance.objects.filter(
            student_id=OuterRef("pk"), present=True, session__kind=SessionKind.INTAKE
        )
        .annotate(day=TruncDate("held_at"))
        .filter(day__lte=OuterRef("intake_deadline"))
    )


def starters_q(year: int, today: datetime.date) -> Q:
    first, last = year_bounds(year)
    return Q(start_date__gte=first, start_date__lte=min(last, today))


def assignments_until(day: datetime.date):
    """The number of counsellor assignments a student had up to `day` (a subquery)."""
    counted = (
        CounsellorAssignment.objects.filter(student_id=OuterRef("pk"), start_date__lte=day)
        .order_by()
        .values("student_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def student_figures(team_ids, year: int, today: datetime.date) -> dict[Key, dict]:
    """Reach, intake, continuity and outcomes per (team, pathway, study year)."""
    first, last = year_bounds(year)
    ref = reference_date(year, today)
    active = active_on(ref)
    starters = starters_q(year, today)
    qs = with_intake_deadline(students_in_year(team_ids, year, today)).annotate(
        assignments=assignments_until(ref)
    )
    ended = Q(end_date__gte=first, end_date__lte=last)
    rows = _grouped(qs, "programme__team_id", "", year, today).annotate(
        active=Count("pk", filter=active),
        seen=Count("pk", filter=active & Q(seen_individually(ref))),
        starters=Count("pk", filter=starters),
        intake_on_time=Count("pk", filter=starters & Q(intake_on_time())),
        intake_pending=Count(
            "pk",
            filter=starters & Q(intake_deadline__gte=today) & ~Q(intake_on_time()),
        ),
        single_counsellor=Count("pk", filter=active & Q(assignments=1)),
        counsellor_changes=Sum(
            Greatest(F("assignments") - 1, Value(0), output_field=IntegerField()), filter=active
        ),
        graduated=Count("pk", filter=ended & Q(status=StudentStatus.GRADUATED)),
        dropped_out=Count("pk", filter=ended & Q(status=StudentStatus.DROPPED_OUT)),
        transferred=Count("pk", filter=ended & Q(status=StudentStatus.TRANSFERRED)),
    )
    result: dict[Key, dict] = {}
    _collect(rows, result)
    return result


def session_figures(team_ids, year: int, today: datetime.date) -> dict[Key, dict]:
    """Individual sessions held in the school year, where, and whether the student could
    speak freely (asked for open spaces only)."""
    first, last = year_bounds(year)
    qs = SessionAttendance.objects.filter(
        present=True,
        session__format=SessionFormat.INDIVIDUAL,
        session__team_id__in=team_ids,
        held_at__gte=day_start(first),
        held_at__lt=day_end(last),
        # The same window on the session (attendance copies its time): the plan starts from
        # the teams' sessions of the year (index on team and time), not from all attendance.
        session__held_at__gte=day_start(first),
        session__held_at__lt=day_end(last),
    )
    open_space = Q(session__location=SessionLocation.OPEN_SPACE)
    rows = _grouped(qs, "session__team_id", "student__", year, today).annotate(
        individual_sessions=Count("pk"),
        open_space_sessions=Count("pk", filter=open_space),
        spoke_freely=Count("pk", filter=open_space & Q(session__could_speak_freely=True)),
        not_spoke_freely=Count("pk", filter=open_space & Q(session__could_speak_freely=False)),
    )
    result: dict[Key, dict] = {}
    _collect(rows, result)
    return result


def follow_up_figures(team_ids, year: int, today: datetime.date) -> dict[Key, dict]:
    """Follow-ups due in the school year: open, overdue (open past the due date), done."""
    first, last = year_bounds(year)
    qs = FollowUp.objects.filter(
        student__programme__team_id__in=team_ids, due_date__gte=first, due_date__lte=last
    )
    is_open = Q(status=FollowUpStatus.OPEN)
    rows = _grouped(qs, "student__programme__team_id", "student__", year, today).annotate(
        follow_ups=Count("pk"),
        follow_ups_open=Count("pk", filter=is_open),
        follow_ups_overdue=Count("pk", filter=is_open & Q(due_date__lt=today)),
        follow_ups_done=Count("pk", filter=Q(status=FollowUpStatus.DONE)),
    )
    result: dict[Key, dict] = {}
    _collect(rows, result)
    return result


def referrals_in_year(team_ids, year: int):
    first, last = year_bounds(year)
    return Referral.objects.filter(
        team_id__in=team_ids, referred_at__gte=day_start(first), referred_at__lt=day_end(last)
    )


def feedback_on_time() -> Exists:
    """Feedback to the first line written no later than LOB_REFERRAL_FEEDBACK_DAYS after the
    referral was returned or closed (needs the `feedback_deadline` annotation)."""
    return Exists(
        Feedback.objects.filter(
            referral_id=OuterRef("pk"), created_at__lte=OuterRef("feedback_deadline")
        )
    )


def feedback_due_q(since: datetime.datetime) -> tuple[Q, Q]:
    """(feedback due, feedback on time) for "with feedback on time": a referral owes the first
    line feedback once it was returned or closed (on time: written within the term after
    that), and while the LEC works on it once the term since its acceptance has passed (on
    time: the last feedback is within the term — the LEC overview's rule for "waiting too
    long", lec.selectors.feedback_overdue_q). `since`: the reference moment minus the term.
    Needs the `feedback_deadline` annotation."""
    ended = Q(status__in=[Status.RETURNED, Status.CLOSED])
    running = Q(status__in=CASE_WORK_STATUSES, decided_at__lt=since)
    due = ended | running
    on_time = (ended & Q(feedback_on_time())) | (running & Q(last_feedback_at__gte=since))
    return due, on_time


def referral_figures(team_ids, year: int, today: datetime.date) -> dict[Key, dict]:
    """Referrals made in the school year: open, triaged, returned or closed, with feedback on
    time, closure outcomes; and the days-to-triage histogram. States and dates only."""
    threshold = datetime.timedelta(days=settings.LOB_REFERRAL_FEEDBACK_DAYS)
    ended = Q(status__in=[Status.RETURNED, Status.CLOSED])
    reference = reference_date(year, today)
    moment = timezone.now() if reference == timezone.localdate() else day_end(reference)
    due, on_time = feedback_due_q(moment - threshold)
    qs = referrals_in_year(team_ids, year).annotate(
        feedback_deadline=ExpressionWrapper(
            Coalesce("closed_at", "decided_at") + threshold, output_field=DateTimeField()
        )
    )
    closed = Q(status=Status.CLOSED)
    outcomes = {
        name: Count("pk", filter=closed & Q(outcome=name.removeprefix("ref_out_")))
        for name in REFERRAL_OUTCOME_FIELDS
    }
    rows = _grouped(qs, "team_id", "student__", year, today).annotate(
        referrals=Count("pk"),
        referrals_open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        referrals_triaged=Count("pk", filter=Q(triaged_at__isnull=False)),
        referrals_ended=Count("pk", filter=ended),
        referrals_feedback_due=Count("pk", filter=due),
        referrals_feedback_on_time=Count("pk", filter=on_time),
        **outcomes,
    )
    result: dict[Key, dict] = {}
    _collect(rows, result)

    days = ExpressionWrapper(
        TruncDate("triaged_at") - TruncDate("referred_at"), output_field=DurationField()
    )
    histogram = (
        _grouped(referrals_in_year(team_ids, year).filter(triaged_at__isnull=False),
                 "team_id", "student__", year, today)
        .annotate(days=days)
        .values("k_team", "k_pathway", "k_study_year", "days")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in histogram:
        key = (row["k_team"], row["k_pathway"], row["k_study_year"])
        hist = result.setdefault(key, {}).setdefault("triage_days", {})
        day = str(max(0, row["days"].days))
        hist[day] = hist.get(day, 0) + row["n"]
    return result


def month_reach(team_ids, year: int, today: datetime.date) -> dict[tuple[Key, datetime.date], dict]:
    """Reach at the end of each month of the school year, per (team, pathway, study year)."""
    months = months_of(year, today)
    if not months:
        return {}
    aggregates = {}
    for i, (_first, ref) in enumerate(months):
        active = active_on(ref)
        aggregates[f"a{i}"] = Count("pk", filter=active)
        aggregates[f"s{i}"] = Count("pk", filter=active & Q(seen_individually(ref)))
    rows = _grouped(students_in_year(team_ids, year, today), "programme__team_id", "", year,
                    today).annotate(**aggregates)
    result = {}
    for row in rows:
        key = (row["k_team"], row["k_pathway"], row["k_study_year"])
        for i, (first, _ref) in enumerate(months):
            result[(key, first)] = {"active": row[f"a{i}"], "seen": row[f"s{i}"]}
    return result


def year_figures(team_ids, year: int, today: datetime.date) -> dict[Key, dict]:
    """All rollup fields of a school year, merged per (team, pathway, study year)."""
    merged: dict[Key, dict] = defaultdict(dict)
    for part in (student_figures, session_figures, follow_up_figures, referral_figures):
        for key, values in part(team_ids, year, today).items():
            merged[key].update(values)
    return dict(merged)


def staff_year_figures(team_ids, year: int) -> dict[int, dict]:
    """Per team: review cycles (closed), their 360 requests (answered), completed training
    hours and the standards self-assessment (sum and count of scores), three grouped queries
    on the teams' rows of the year."""
    result: dict[int, dict] = defaultdict(dict)
    for row in (
        ReviewCycle.objects.filter(school_year=year, team_id__in=team_ids)
        .values("team_id")
        .annotate(
            cycles=Count("pk", distinct=True),
            closed=Count("pk", distinct=True, filter=Q(stage=Stage.CLOSED)),
            requests=Count("feedback_requests"),
            answered=Count("feedback_requests",
                           filter=Q(feedback_requests__answered_at__isnull=False)),
        )
        .order_by()
    ):
        result[row.pop("team_id")].update(row)
    for row in (
        Training.objects.filter(cycle__school_year=year, cycle__team_id__in=team_ids,
                                status=TrainingStatus.COMPLETED)
        .values("cycle__team_id").annotate(hours=Sum("hours")).order_by()
    ):
        result[row["cycle__team_id"]]["training_hours"] = row["hours"] or 0
    for row in (
        StandardAssessment.objects.filter(school_year=year, team_id__in=team_ids)
        .values("team_id").annotate(total=Sum("score"), n=Count("score")).order_by()
    ):
        result[row["team_id"]].update(standards_score_sum=row["total"] or 0,
                                      standards_assessed=row["n"])
    return dict(result)
