"""The student figures of one school year, computed in the database per student.

Each part runs one grouped query over the teams' rows (of some students only, when
`students` is given) and returns each student's part of a team's figures, {(student, team):
{field: n}}; `year_figures` merges them under the student's pathway and study year
(`student_keys`), as the StudentYearFacts rows that `facts.py` sums per team. The parts read
the rows they count (and the sessions those belong to) without joining the students: the
student part and `student_keys` read a student's programme and study year once. Referral
figures read states, dates and outcomes only — never a referral's reason, diagnosis, plan or
notes.
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
from staff.models import ReviewCycle, Stage, StandardAssessment, Team, Training, TrainingStatus
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

Key = tuple[int, int, str, int]  # (student, team, pathway, study year)
Part = dict[tuple[int, int], dict]  # {(student, team): {field: n}}


def _per_student(qs, student_field: str, team_field: str, students=None):
    """`qs` grouped per student and team, of `students` only when given (ids)."""
    if students is not None:
        qs = qs.filter(**{f"{student_field}__in": students})
    return qs.annotate(k_student=F(student_field), k_team=F(team_field)).values(
        "k_student", "k_team")


def _collect(rows) -> Part:
    return {(row.pop("k_student"), row.pop("k_team")): {k: v or 0 for k, v in row.items()}
            for row in rows}


def student_keys(student_ids, year: int, today: datetime.date) -> dict[int, tuple]:
    """(team, pathway, study year in the school year) of each student: what their part of the
    figures is counted under."""
    rows = (Student.objects.filter(pk__in=student_ids)
            .annotate(k_study_year=study_year_in(year, today))
            .values_list("pk", "programme__team_id", "programme__pathway", "k_study_year"))
    return {pk: (team, pathway, study_year) for pk, team, pathway, study_year in rows}


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


def _month_reach(year: int, today: datetime.date) -> dict:
    """Per month i of the school year up to today (0: August): whether the student was active
    at its end (m_active_i), and active and seen (m_seen_i)."""
    aggregates = {}
    for i, (_first, ref) in enumerate(months_of(year, today)):
        active = active_on(ref)
        aggregates[f"m_active_{i}"] = Count("pk", filter=active)
        aggregates[f"m_seen_{i}"] = Count("pk", filter=active & Q(seen_individually(ref)))
    return aggregates


def _month_masks(row: dict) -> dict:
    """The month reach of a row as bit masks (bit i: month i), taken out of the row."""
    masks = {"active_months": 0, "seen_months": 0}
    for name in [k for k in row if k.startswith("m_")]:
        _m, which, i = name.split("_")
        if row.pop(name):
            masks[f"{which}_months"] |= 1 << int(i)
    return masks


def student_figures(team_ids, year: int, today: datetime.date, students=None) -> Part:
    """Reach (at the end of each month, the last one ending at the reference date), intake,
    continuity and outcomes of the teams' students in the school year (`enrolled`), with
    their pathway and study year."""
    first, last = year_bounds(year)
    ref = reference_date(year, today)
    active = active_on(ref)
    starters = starters_q(year, today)
    qs = with_intake_deadline(students_in_year(team_ids, year, today)).annotate(
        assignments=assignments_until(ref)
    )
    ended = Q(end_date__gte=first, end_date__lte=last)
    rows = _per_student(qs, "pk", "programme__team_id", students).annotate(
        pathway=F("programme__pathway"),
        study_year=study_year_in(year, today),
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
        **_month_reach(year, today),
    )
    # Active and seen at the reference date: at the end of the last month so far.
    at_reference = 1 << (len(months_of(year, today)) - 1)
    result: Part = {}
    for row in rows:
        key = (row.pop("k_student"), row.pop("k_team"))
        masks = _month_masks(row)
        result[key] = {
            "enrolled": True, **masks,
            "active": int(bool(masks["active_months"] & at_reference)),
            "seen": int(bool(masks["seen_months"] & at_reference)),
            **{k: (v or 0) if k != "pathway" else v for k, v in row.items()},
        }
    return result


def session_figures(team_ids, year: int, today: datetime.date, students=None) -> Part:
    """Individual sessions held in the school year, where, and whether the student could
    speak freely (asked for open spaces only)."""
    first, last = year_bounds(year)
    qs = SessionAttendance.objects.filter(
        present=True,
        session__format=SessionFormat.INDIVIDUAL,
        held_at__gte=day_start(first),
        held_at__lt=day_end(last),
    )
    if students is None:
        # The same window on the session (attendance copies its time): the plan starts from
        # the teams' sessions of the year (index on team and time), not from all attendance.
        qs = qs.filter(session__team_id__in=team_ids, session__held_at__gte=day_start(first),
                       session__held_at__lt=day_end(last))
    else:
        # Some students: the plan starts from their attendance (index on student and time),
        # then reads their sessions by key; with the teams as a list it would read the
        # teams' sessions of the year first.
        qs = qs.filter(session__team_id__in=Subquery(
            Team.objects.filter(pk__in=team_ids).order_by().values("pk")))
    open_space = Q(session__location=SessionLocation.OPEN_SPACE)
    rows = _per_student(qs, "student_id", "session__team_id", students).annotate(
        individual_sessions=Count("pk"),
        open_space_sessions=Count("pk", filter=open_space),
        spoke_freely=Count("pk", filter=open_space & Q(session__could_speak_freely=True)),
        not_spoke_freely=Count("pk", filter=open_space & Q(session__could_speak_freely=False)),
    )
    return _collect(rows)


def follow_up_figures(team_ids, year: int, today: datetime.date,
                      students=None) -> dict[int, dict]:
    """Follow-ups due in the school year: open, overdue (open past the due date), done; per
    student (counted in the student's team)."""
    first, last = year_bounds(year)
    qs = FollowUp.objects.filter(due_date__gte=first, due_date__lte=last)
    if students is None:
        qs = qs.filter(student__programme__team_id__in=team_ids)
    else:
        qs = qs.filter(student_id__in=students)
    is_open = Q(status=FollowUpStatus.OPEN)
    rows = qs.values("student_id").annotate(
        follow_ups=Count("pk"),
        follow_ups_open=Count("pk", filter=is_open),
        follow_ups_overdue=Count("pk", filter=is_open & Q(due_date__lt=today)),
        follow_ups_done=Count("pk", filter=Q(status=FollowUpStatus.DONE)),
    ).order_by()
    return {row.pop("student_id"): row for row in rows}


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


def referral_figures(team_ids, year: int, today: datetime.date, students=None) -> Part:
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
    rows = _per_student(qs, "student_id", "team_id", students).annotate(
        referrals=Count("pk"),
        referrals_open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        referrals_triaged=Count("pk", filter=Q(triaged_at__isnull=False)),
        referrals_ended=Count("pk", filter=ended),
        referrals_feedback_due=Count("pk", filter=due),
        referrals_feedback_on_time=Count("pk", filter=on_time),
        **outcomes,
    )
    result = _collect(rows)

    days = ExpressionWrapper(
        TruncDate("triaged_at") - TruncDate("referred_at"), output_field=DurationField()
    )
    histogram = (
        _per_student(referrals_in_year(team_ids, year).filter(triaged_at__isnull=False),
                     "student_id", "team_id", students)
        .annotate(days=days)
        .values("k_student", "k_team", "days")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in histogram:
        key = (row["k_student"], row["k_team"])
        hist = result.setdefault(key, {}).setdefault("triage_days", {})
        day = str(max(0, row["days"].days))
        hist[day] = hist.get(day, 0) + row["n"]
    return result


def year_figures(team_ids, year: int, today: datetime.date, students=None) -> dict[Key, dict]:
    """Every student's part of the teams' figures of a school year (of `students` only, when
    given: ids), per (student, team, pathway, study year)."""
    merged: Part = defaultdict(dict)
    keys = {}
    for (student, team), values in student_figures(team_ids, year, today, students).items():
        keys[student] = (team, values.pop("pathway"), values.pop("study_year"))
        merged[(student, team)].update(values)
    parts = [session_figures(team_ids, year, today, students),
             referral_figures(team_ids, year, today, students)]
    follow_ups = follow_up_figures(team_ids, year, today, students)
    others = {student for part in parts for (student, _team) in part} | set(follow_ups)
    keys.update(student_keys(others - set(keys), year, today))
    for part in parts:
        for key, values in part.items():
            merged[key].update(values)
    counted = set(team_ids)
    for student, values in follow_ups.items():
        if keys[student][0] in counted:  # the student's own team
            merged[(student, keys[student][0])].update(values)
    return {(student, team, *keys[student][1:]): values
            for (student, team), values in merged.items()}


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
