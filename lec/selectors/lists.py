"""The LEC's lists: the triage queue, the cases, the home panel's figures, the access log."""

import datetime

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncHour
from django.http import Http404
from django.utils import timezone

from ..models import (
    CASE_WORK_STATUSES,
    QUEUE_STATUSES,
    AccessAction,
    AccessLog,
    ActionStatus,
    PlanAction,
    Referral,
    Status,
    TriageAdvice,
)
from ..workdays import subtract_working_days
from .access import is_lec_lead, on_case, referrals_visible_to


def _as_queue_rows(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    """What a row of the queue shows, in the query that reads the referrals (with whether the
    team's care coordinator has given advice)."""
    return qs.select_related("student__programme", "team", "referred_by", "assigned_to").annotate(
        has_advice=Exists(TriageAdvice.objects.filter(referral_id=OuterRef("pk"))))


def triage_queue(user) -> QuerySet[Referral]:
    """New and claimed-but-undecided referrals of the college, oldest first. One query
    whatever the size (a week's referrals, by nature)."""
    return _as_queue_rows(
        referrals_visible_to(user).filter(status__in=QUEUE_STATUSES).order_by("referred_at", "pk")
    )


def queue_row(user, pk: int) -> Referral:
    """One referral as a row of the queue (after a claim), or 404 when `user` may not see it."""
    referral = _as_queue_rows(referrals_visible_to(user).filter(pk=pk)).first()
    if referral is None:
        raise Http404
    return referral


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
        qs = qs.filter(on_case(user))
    if status:
        qs = qs.filter(status=status)
    if worker_id:
        qs = qs.filter(assigned_to_id=worker_id)
    return (
        qs.select_related("student__programme", "team", "assigned_to")
        .annotate(
            feedback_overdue=ExpressionWrapper(feedback_overdue_q(), output_field=BooleanField()),
        )
        .order_by("-status_changed_at", "-pk")
    )


def lec_counts(user) -> dict[str, int]:
    """Figures for the LEC home panel, in one query."""
    qs = Referral.objects.filter(college_id=user.college_id)
    mine = on_case(user)
    return qs.aggregate(
        queue=Count("pk", filter=Q(status__in=QUEUE_STATUSES)),
        unclaimed=Count("pk", filter=Q(status=Status.SUBMITTED)),
        triage_overdue=Count(
            "pk", filter=Q(status__in=QUEUE_STATUSES, referred_at__lt=triage_overdue_cutoff())
        ),
        mine=Count("pk", filter=Q(status__in=CASE_WORK_STATUSES) & mine),
        mine_feedback_overdue=Count("pk", filter=feedback_overdue_q() & mine),
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


def open_plan_actions(referral: Referral) -> list[PlanAction]:
    """The plan actions of a case still open (what closing it must decide on)."""
    return list(referral.actions.filter(status=ActionStatus.OPEN).order_by("due_date", "pk"))


def group_reads(qs: QuerySet[AccessLog]) -> QuerySet:
    """Access-log rows for review: one line per reader, case, kind of read, address and clock
    hour, with the number of reads (`reads`) and the first and last of them (`first_at`,
    `last_at`), newest first; `action_label` is the kind of read as shown. The log itself
    keeps one row per read; this only groups what `qs` selects, in the database. Every page
    that reviews the log (the LEC lead's, the privacy officer's audit) shows it this way."""
    labels = Case(*[When(action=value, then=Value(str(label)))
                    for value, label in AccessAction.choices],
                  default=F("action"), output_field=CharField())
    return (
        qs.order_by()
        .annotate(window=TruncHour("at"))
        .values("window", "user_id", "user__first_name", "user__last_name", "referral_id",
                "referral__student__first_name", "referral__student__last_name",
                "referral__student__student_number", "action", "ip")
        .annotate(reads=Count("pk"), first_at=Min("at"), last_at=Max("at"),
                  action_label=labels)
        .order_by("-last_at", "-referral_id", "-user_id")
    )


def access_log_groups(user, *, referral_id: int | None = None,
                      user_id: int | None = None) -> QuerySet:
    """The LEC lead's review of the access log (`group_reads` of `access_log_list`)."""
    return group_reads(access_log_list(user, referral_id=referral_id, user_id=user_id))
