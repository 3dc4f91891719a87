"""Reads on the second line. Three doors, one per kind of reader:

- `referrals_visible_to(user)` / `referral_for_user(...)`: the LEC's own pages. LEC workers of
  the college see the triage queue (new referrals) and the cases they are on; the LEC lead sees
  every referral of the college. Everyone else: nothing (404).
- `case_file_for(...)`: the Diagnose-recept content of one case, only for the LEC lead and the
  workers on the case; every read writes an AccessLog row in the same transaction.
- `referral_status_for(student, user)`: what the first line may know — status, dates and the
  feedback written for them. Nothing from the case file.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import (
    Avg,
    BooleanField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from common.choices import choice_label
from common.net import client_ip
from lob.sqlcache import Prepared, listed, numbered
from staff.models import User
from staff.roles import FIRST_LINE_ROLES, LEC_ROLES, Role
from students.models import Student
from students.selectors import is_visible_to

from .models import (
    CASE_WORK_STATUSES,
    OPEN_STATUSES,
    QUEUE_STATUSES,
    AccessAction,
    AccessLog,
    CaseMember,
    Feedback,
    Referral,
    Status,
    Transition,
    Urgency,
)
from .workdays import subtract_working_days, working_days_between

# --- who is who ------------------------------------------------------------------------------


def is_lec_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.college_id
                and user.has_role(*LEC_ROLES))


def is_lec_lead(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.college_id
                and user.has_role(Role.LEC_LEAD))


def _on_case(user) -> Q:
    return Q(assigned_to_id=user.pk) | Q(
        Exists(CaseMember.objects.filter(referral_id=OuterRef("pk"), user_id=user.pk))
    )


def lec_workers_of(college_id) -> QuerySet[User]:
    """Who can be made case worker or added to a case."""
    return (
        User.objects.filter(college_id=college_id, is_active=True, groups__name__in=LEC_ROLES)
        .distinct()
        .order_by("last_name", "first_name")
    )


# --- the LEC's door ----------------------------------------------------------------------------


def referrals_visible_to(user) -> QuerySet[Referral]:
    """Referrals `user` may open on the LEC pages (see module docstring)."""
    if not is_lec_staff(user):
        return Referral.objects.none()
    qs = Referral.objects.filter(college_id=user.college_id)
    if is_lec_lead(user):
        return qs
    return qs.filter(Q(status__in=QUEUE_STATUSES) | _on_case(user))


def referral_for_user(user, pk: int, *, write: bool = False) -> Referral:
    """One referral for the LEC pages, or 404. With `write=True` only someone who may change
    the case: the LEC lead, a worker on it, or — while it waits for triage — any LEC worker
    of the college (to claim it)."""
    qs = referrals_visible_to(user).select_related(
        "student__programme__team", "team", "referred_by", "assigned_to"
    )
    try:
        referral = qs.get(pk=pk)
    except Referral.DoesNotExist:
        raise Http404 from None
    if write and not may_work_on(user, referral):
        raise Http404
    return referral


def may_work_on(user, referral: Referral) -> bool:
    if not is_lec_staff(user) or referral.college_id != user.college_id:
        return False
    if is_lec_lead(user) or referral.status == Status.SUBMITTED:
        return True
    return may_read_case_file(user, referral)


def may_read_case_file(user, referral: Referral) -> bool:
    """The case file: the LEC lead of the college and the workers on the case, no one else."""
    if not is_lec_staff(user) or referral.college_id != user.college_id:
        return False
    if is_lec_lead(user) or referral.assigned_to_id == user.pk:
        return True
    return CaseMember.objects.filter(referral=referral, user_id=user.pk).exists()


@dataclass
class CaseFile:
    findings: list
    instruments: list
    actions: list
    notes: list
    members: list


def case_file_for(user, referral: Referral, *, request=None) -> CaseFile | None:
    """The Diagnose-recept content of a case, or None when `user` may not read it. The read
    and its AccessLog row commit together: no content leaves without a log row."""
    if not may_read_case_file(user, referral):
        return None
    with transaction.atomic():
        AccessLog.objects.create(
            user=user, referral=referral, action=AccessAction.VIEW_CASE, at=timezone.now(),
            ip=client_ip(request),
        )
        return CaseFile(
            findings=list(referral.findings.select_related("created_by")),
            instruments=list(referral.instruments.select_related("created_by")),
            actions=list(referral.actions.select_related("created_by")),
            notes=list(referral.notes.select_related("author")),
            members=list(referral.members.select_related("user")),
        )


def referral_read_logged(user, referral: Referral, *, request=None) -> None:
    """The triage view of a referral (reason, domains, what was tried) is LEC content too."""
    AccessLog.objects.create(
        user=user, referral=referral, action=AccessAction.VIEW_REFERRAL, at=timezone.now(),
        ip=client_ip(request),
    )


def referral_history(referral: Referral) -> tuple[list, list]:
    transitions = list(referral.transitions.select_related("by"))
    feedback = list(referral.feedback.select_related("author"))
    return transitions, feedback


# --- lists ------------------------------------------------------------------------------------


@dataclass
class QueueRow:
    """A referral in the triage queue: what its row shows and nothing else (not the referral's
    content), read as plain values: the queue is one long table."""

    pk: int
    referred_at: datetime.datetime
    status: str
    urgency: str
    eligibility: str
    source: str
    age_at_referral: int
    had_start_qualification: bool
    assigned_to_id: int | None
    student_name: str
    programme_name: str
    team_name: str
    referred_by_name: str
    assigned_to_name: str
    age: int  # working days since the referral
    overdue: bool
    # Texts, written once per queue for each value that occurs (a queue repeats them a lot).
    urgency_label: str = ""
    eligibility_label: str = ""
    source_label: str = ""
    age_text: str = ""
    years_text: str = ""
    claimed_by_text: str = ""

    @property
    def urgency_badge(self) -> str:
        return URGENCY_BADGE.get(self.urgency, "text-bg-light border")


URGENCY_BADGE = {Urgency.CRISIS: "text-bg-danger", Urgency.HIGH: "text-bg-warning"}
STATUS_BADGE = {Status.SUBMITTED: "text-bg-warning", Status.TRIAGE: "text-bg-info",
                Status.CLOSED: "text-bg-success", Status.RETURNED: "text-bg-secondary"}


def status_badge(status: str) -> str:
    """The Bootstrap class of a referral status's badge."""
    return STATUS_BADGE.get(status, "text-bg-primary")

_QUEUE_FIELDS = (
    "pk", "referred_at", "status", "urgency", "eligibility", "source", "age_at_referral",
    "had_start_qualification", "assigned_to_id",
    "student__first_name", "student__last_name", "student__programme__name", "team__name",
    "referred_by__first_name", "referred_by__last_name",
    "assigned_to__first_name", "assigned_to__last_name",
)


class _Texts(dict):
    """Texts made once per value: `texts[key]` calls `make(key)` the first time."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self[key] = self.make(key)
        return value


def _queue_rows(qs: QuerySet[Referral]) -> list[QueueRow]:
    today = timezone.localdate()
    limit = settings.LOB_REFERRAL_TRIAGE_WORKING_DAYS
    ages = _Texts(lambda day: working_days_between(day, today))
    urgency = _Texts(lambda v: choice_label(Referral, "urgency", v))
    eligibility = _Texts(lambda v: choice_label(Referral, "eligibility", v))
    source = _Texts(lambda v: choice_label(Referral, "source", v))
    age_text = _Texts(lambda n: ngettext("%(days)s working day", "%(days)s working days", n)
                      % {"days": n})
    years_text = _Texts(lambda n: gettext("%(age)s years") % {"age": n})
    claimed_by = _Texts(lambda name: gettext("Claimed by %(name)s") % {"name": name})
    rows = []
    for (pk, referred_at, status, urgency_value, eligibility_value, source_value,
         age_at_referral, had_sq, assigned_to_id, first, last, programme, team, by_first,
         by_last, to_first, to_last) in qs.values_list(*_QUEUE_FIELDS):
        age = ages[timezone.localdate(referred_at)]
        assigned_to_name = f"{to_first or ''} {to_last or ''}".strip()
        rows.append(QueueRow(
            pk=pk, referred_at=referred_at, status=status, urgency=urgency_value,
            eligibility=eligibility_value, source=source_value,
            age_at_referral=age_at_referral, had_start_qualification=had_sq,
            assigned_to_id=assigned_to_id, student_name=f"{last}, {first}",
            programme_name=programme, team_name=team,
            referred_by_name=f"{by_first or ''} {by_last or ''}".strip(),
            assigned_to_name=assigned_to_name, age=age, overdue=age > limit,
            urgency_label=urgency[urgency_value],
            eligibility_label=eligibility[eligibility_value], source_label=source[source_value],
            age_text=age_text[age], years_text=years_text[age_at_referral],
            claimed_by_text=claimed_by[assigned_to_name],
        ))
    return rows


def triage_queue(user) -> list[QueueRow]:
    """New and claimed-but-undecided referrals of the college, oldest first, with their age in
    working days. One query whatever the size (a week's referrals, by nature)."""
    return _queue_rows(
        referrals_visible_to(user).filter(status__in=QUEUE_STATUSES).order_by("referred_at", "pk")
    )


def queue_row(user, pk: int) -> QueueRow:
    """One referral as a row of the queue (after a claim), or 404 when `user` may not see it."""
    rows = _queue_rows(referrals_visible_to(user).filter(pk=pk))
    if not rows:
        raise Http404
    return rows[0]


def triage_overdue_cutoff() -> datetime.datetime:
    """Referrals made before this moment have waited longer than the triage threshold."""
    today = timezone.localdate()
    day = subtract_working_days(today, settings.LOB_REFERRAL_TRIAGE_WORKING_DAYS + 1)
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1),
                                                         datetime.time.min))


def feedback_overdue_q() -> Q:
    """Accepted cases without feedback to the first line for too long."""
    since = timezone.now() - datetime.timedelta(days=settings.LOB_REFERRAL_FEEDBACK_DAYS)
    return Q(status__in=CASE_WORK_STATUSES) & (
        Q(last_feedback_at__lt=since) | Q(last_feedback_at__isnull=True, decided_at__lt=since)
    )


def case_list(user, *, status: str = "", worker_id: int | None = None,
              mine: bool = False) -> QuerySet[Referral]:
    """The cases a worker is on (or, for the lead, all of the college), newest change first."""
    qs = referrals_visible_to(user).exclude(status__in=QUEUE_STATUSES)
    if mine or not is_lec_lead(user):
        qs = qs.filter(_on_case(user))
    if status:
        qs = qs.filter(status=status)
    if worker_id:
        qs = qs.filter(assigned_to_id=worker_id)
    overdue = feedback_overdue_q()
    return (
        qs.select_related("student__programme", "team", "assigned_to")
        .annotate(
            feedback_overdue=ExpressionWrapper(overdue, output_field=BooleanField()),
        )
        .order_by("-status_changed_at", "-pk")
    )


def lec_counts(user) -> dict[str, int]:
    """Figures for the LEC home panel, in one query."""
    qs = Referral.objects.filter(college_id=user.college_id)
    on_case = _on_case(user)
    return qs.aggregate(
        queue=Count("pk", filter=Q(status__in=QUEUE_STATUSES)),
        unclaimed=Count("pk", filter=Q(status=Status.SUBMITTED)),
        triage_overdue=Count(
            "pk", filter=Q(status__in=QUEUE_STATUSES, referred_at__lt=triage_overdue_cutoff())
        ),
        mine=Count("pk", filter=Q(status__in=CASE_WORK_STATUSES) & on_case),
        mine_feedback_overdue=Count("pk", filter=feedback_overdue_q() & on_case),
        feedback_overdue=Count("pk", filter=feedback_overdue_q()),
    )


def access_log_list(user, *, referral_id: int | None = None,
                    user_id: int | None = None) -> QuerySet[AccessLog]:
    """The access log of the college, for the LEC lead only."""
    if not is_lec_lead(user):
        return AccessLog.objects.none()
    qs = AccessLog.objects.filter(referral__college_id=user.college_id)
    if referral_id:
        qs = qs.filter(referral_id=referral_id)
    if user_id:
        qs = qs.filter(user_id=user_id)
    return qs.select_related("user", "referral__student").order_by("-at", "-pk")


# --- the LEC lead's overview -----------------------------------------------------------------


def overview(user, *, since: datetime.date) -> dict:
    """Open cases per worker, days in each state, referrals per team, outcomes. All
    aggregated in the database; a fixed number of queries."""
    college_refs = Referral.objects.filter(college_id=user.college_id)
    period = college_refs.filter(referred_at__date__gte=since)
    per_worker = list(
        college_refs.filter(status__in=CASE_WORK_STATUSES)
        .values("assigned_to_id", "assigned_to__first_name", "assigned_to__last_name")
        .annotate(
            open=Count("pk"),
            diagnosis=Count("pk", filter=Q(status=Status.DIAGNOSIS)),
            plan=Count("pk", filter=Q(status=Status.PLAN)),
            in_progress=Count("pk", filter=Q(status=Status.IN_PROGRESS)),
            feedback_overdue=Count("pk", filter=feedback_overdue_q()),
        )
        .order_by("-open", "assigned_to__last_name")
    )
    durations = {
        row["from_status"]: row["avg"]
        for row in Transition.objects.filter(referral__in=period)
        .values("from_status")
        .annotate(avg=Avg("duration"))
    }
    now = timezone.now()
    current = {
        row["status"]: row
        for row in college_refs.filter(status__in=OPEN_STATUSES)
        .values("status")
        .annotate(
            count=Count("pk"),
            avg=Avg(ExpressionWrapper(now - F("status_changed_at"), output_field=DurationField())),
        )
    }
    states = []
    for status in OPEN_STATUSES:
        done = durations.get(status)
        now_row = current.get(status, {})
        states.append({
            "status": status,
            "label": Status(status).label,
            "avg_days_completed": _days(done),
            "open": now_row.get("count", 0),
            "avg_days_open": _days(now_row.get("avg")),
        })
    per_team = list(
        period.values("team__name")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            returned=Count("pk", filter=Q(status=Status.RETURNED)),
            closed=Count("pk", filter=Q(status=Status.CLOSED)),
        )
        .order_by("-total", "team__name")
    )
    outcomes = list(
        period.filter(status=Status.CLOSED).values("outcome").annotate(n=Count("pk")).order_by("-n")
    )
    totals = period.aggregate(
        total=Count("pk"),
        returned=Count("pk", filter=Q(status=Status.RETURNED)),
        closed=Count("pk", filter=Q(status=Status.CLOSED)),
        triage_overdue=Count(
            "pk", filter=Q(status__in=QUEUE_STATUSES, referred_at__lt=triage_overdue_cutoff())
        ),
        feedback_overdue=Count("pk", filter=feedback_overdue_q()),
    )
    return {"per_worker": per_worker, "states": states, "per_team": per_team,
            "outcomes": outcomes, "totals": totals}


def _days(delta: datetime.timedelta | None) -> float | None:
    if delta is None:
        return None
    return round(delta.total_seconds() / 86400, 1)


# --- the first line's door ---------------------------------------------------------------------


@dataclass
class ReferralStatus:
    """What the first line may know about a referral: status, dates, feedback for them."""

    pk: int
    status: str
    status_label: str
    referred_at: datetime.datetime
    referred_by: str
    triaged_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    outcome_label: str
    case_worker: str
    feedback: list = field(default_factory=list)  # [(created_at, kind label, text, author)]
    may_read_feedback: bool = False

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def badge_class(self) -> str:
        return status_badge(self.status)


def _feedback_reader(user, student: Student) -> bool:
    """Feedback is written for the referring counsellor and the team's care coordinator: the
    student's counsellors and care coordinators (of their team or caseload) and LEC staff."""
    if is_lec_staff(user) and user.college_id == student.college_id:
        return True
    if not user.has_role(*FIRST_LINE_ROLES):
        return False
    if student.programme.team_id in user.team_ids(*FIRST_LINE_ROLES):
        return True
    return student.counsellor_assignments.filter(
        end_date__isnull=True, counsellor_id=user.pk
    ).exists()


_STUDENT_REFERRALS = Prepared(
    lambda shape, student_id: Referral.objects.filter(student_id=student_id)
    .values("pk", "status", "referred_at", "triaged_at", "decided_at", "closed_at", "outcome",
            "referred_by__first_name", "referred_by__last_name",
            "assigned_to__first_name", "assigned_to__last_name")
    .order_by("-referred_at", "-pk")
)
_REFERRAL_FEEDBACK = Prepared(
    lambda count, **ids: Feedback.objects.filter(referral_id__in=listed("r", count, ids))
    .values("referral_id", "created_at", "kind", "text", "author__first_name",
            "author__last_name")
    .order_by("referral_id", "created_at", "pk")
)


def _name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def referral_status_for(student: Student, user) -> list[ReferralStatus]:
    """A student's referrals as the first line sees them, newest first. Empty when `user`
    may not see the student. (Read on every student page: prepared queries, lob/sqlcache.)"""
    if not is_visible_to(user, student):
        return []
    referrals = _STUDENT_REFERRALS.rows((), student_id=student.pk)
    if not referrals:
        return []
    readable = _feedback_reader(user, student)
    feedback: dict[int, list] = {}
    if readable:
        ids = numbered("r", [r["pk"] for r in referrals])
        for f in _REFERRAL_FEEDBACK.rows(len(ids), **ids):
            feedback.setdefault(f["referral_id"], []).append((
                f["created_at"], choice_label(Feedback, "kind", f["kind"]), f["text"],
                _name(f["author__first_name"], f["author__last_name"]),
            ))
    return [
        ReferralStatus(
            pk=r["pk"],
            status=r["status"],
            status_label=choice_label(Referral, "status", r["status"]),
            referred_at=r["referred_at"],
            referred_by=_name(r["referred_by__first_name"], r["referred_by__last_name"]),
            triaged_at=r["triaged_at"],
            decided_at=r["decided_at"],
            closed_at=r["closed_at"],
            outcome_label=choice_label(Referral, "outcome", r["outcome"]) if r["outcome"] else "",
            case_worker=_name(r["assigned_to__first_name"], r["assigned_to__last_name"]),
            feedback=feedback.get(r["pk"], []),
            may_read_feedback=readable,
        )
        for r in referrals
    ]


def first_line_referrals(user, *, limit: int = 10) -> list[Referral]:
    """The home panel of counsellors and care coordinators: referrals of students they see,
    open ones and those with feedback in the last weeks, newest change first."""
    if not user.has_role(*FIRST_LINE_ROLES):
        return []
    recent = timezone.now() - datetime.timedelta(days=42)
    students = Student.objects.visible_to(user).filter(
        Q(programme__team_id__in=user.team_ids(*FIRST_LINE_ROLES))
        | Q(counsellor_assignments__end_date__isnull=True,
            counsellor_assignments__counsellor_id=user.pk)
    )
    return list(
        Referral.objects.filter(student__in=students.values("pk"))
        .filter(Q(status__in=OPEN_STATUSES) | Q(last_feedback_at__gte=recent)
                | Q(decided_at__gte=recent))
        .select_related("student")
        .annotate(last_change=Coalesce("last_feedback_at", "status_changed_at"))
        .order_by("-last_change", "-pk")[:limit]
    )


def latest_feedback(referrals: list[Referral]) -> dict[int, Feedback]:
    """The newest feedback per referral, in one query."""
    if not referrals:
        return {}
    newest: dict[int, Feedback] = {}
    for fb in Feedback.objects.filter(referral__in=[r.pk for r in referrals]).order_by(
        "referral_id", "created_at", "pk"
    ):
        newest[fb.referral_id] = fb
    return newest


def open_referral_for(student: Student) -> Referral | None:
    return Referral.objects.filter(student=student, status__in=OPEN_STATUSES).first()
