"""The reminder rules: each turns "what is due today" into rows of (kind, object, recipient,
period, subject, target, due date) with ONE query, whatever the number of due items.

A rule returns querysets whose selected columns are named `n_<field>` (see `COLUMNS`); the
service inserts them with INSERT ... SELECT ... ON CONFLICT DO NOTHING, so no row travels
through Python. Thresholds come from settings (see lob/settings.py).

Who is reminded (DESIGN §5):
- follow-up past its due date → its owner; still open LOB_FOLLOW_UP_ESCALATION_DAYS after the
  due date → the managers of the student's team;
- LEC plan action past due → the case worker, or — for an action of the first line, also
  after the case closed — the student's counsellor (the student and a partner do not log in:
  their actions go to the case worker);
- referral not triaged within LOB_REFERRAL_TRIAGE_WORKING_DAYS working days → the college's LEC
  staff while nobody has claimed it, its claimer once claimed;
- referral in case work without feedback to the first line for LOB_REFERRAL_FEEDBACK_DAYS →
  its case worker (again after each silent period);
- active student (started more than LOB_NOT_SEEN_WEEKS ago) without an individual session in
  LOB_NOT_SEEN_WEEKS → their counsellor, once per ISO week (the weekly caseload sweep);
- active student whose unexcused absence passes the threshold (LOB_ABSENCE_ALERT_DAYS days in
  LOB_ABSENCE_WINDOW_WEEKS weeks, or a rising trend) → their counsellor, once per ISO week;
- 360 request unanswered LOB_FEEDBACK_REQUEST_NOTICE_DAYS before its deadline → the rater;
- the cycle's next review meeting planned within LOB_REVIEW_MEETING_NOTICE_DAYS → employee
  and manager;
- a booked appointment that starts tomorrow → the student's portal account and the counsellor.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    DateField,
    Exists,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Left, Length, TruncDate
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from lec.models import OPEN_STATUSES, ActionStatus, Owner, PlanAction, Referral
from lec.models import Status as ReferralStatus
from lec.selectors import feedback_overdue_q, triage_overdue_cutoff
from lob.appointments.models import Appointment
from lob.appointments.models import Status as AppointmentStatus
from staff.models import CycleMeeting, FeedbackRequest, Stage, TeamMembership, User
from staff.roles import LEC_ROLES, Role
from students.models import (
    CounsellorAssignment,
    FollowUp,
    FollowUpStatus,
    SessionAttendance,
    SessionFormat,
    StudentStatus,
)
from students.selectors.attendance import absence_alert_q, with_absence_figures

from .models import Kind, Notification

COLUMNS = ("kind", "object_id", "recipient_id", "period", "subject", "target_id", "due_date")


@dataclass(frozen=True)
class Moment:
    """The sweep's clock: today in Europe/Amsterdam and the current instant."""

    today: datetime.date
    now: datetime.datetime

    @property
    def iso_week(self) -> str:
        year, week, _ = self.today.isocalendar()
        return f"{year}-W{week:02d}"


def _text(expr):
    return Cast(expr, output_field=CharField())


def _rows(qs: QuerySet, *, kind: str, object_id, recipient_id, period, subject, target_id,
          due_date=None) -> QuerySet:
    """Name the columns of a rule's queryset the way the insert expects them."""
    return qs.annotate(
        n_kind=Value(kind, output_field=CharField()),
        n_object_id=object_id,
        n_recipient_id=recipient_id,
        n_period=period,
        n_subject=subject,
        n_target_id=target_id,
        n_due_date=due_date if due_date is not None else Cast(Value(None), DateField()),
    ).values(*(f"n_{c}" for c in COLUMNS))


# A subject longer than its column would fail the rule's whole INSERT (issue 15, F8: a first
# and last name may together be longer than the column): it is cut to fit, with an ellipsis.
SUBJECT_MAX = Notification._meta.get_field("subject").max_length
ELLIPSIS = "…"


def _fit(expr):
    """`expr` cut to SUBJECT_MAX characters, the last being an ellipsis when anything was cut."""
    return Case(
        When(GreaterThan(Length(expr), SUBJECT_MAX),
             then=Concat(Left(expr, SUBJECT_MAX - len(ELLIPSIS)), Value(ELLIPSIS),
                         output_field=CharField())),
        default=expr,
        output_field=CharField(),
    )


def _name(prefix: str):
    return _fit(Concat(F(f"{prefix}first_name"), Value(" "), F(f"{prefix}last_name"),
                       output_field=CharField()))


def _referral_label(prefix: str = ""):
    return Concat(Value("#"), _text(F(f"{prefix}id" if prefix else "pk")), output_field=CharField())


# --- first line ----------------------------------------------------------------------------------


def follow_up_overdue(m: Moment) -> list[QuerySet]:
    qs = FollowUp.objects.filter(
        status=FollowUpStatus.OPEN, due_date__lt=m.today, owner__is_active=True
    )
    return [_rows(
        qs, kind=Kind.FOLLOW_UP_OVERDUE, object_id=F("pk"), recipient_id=F("owner_id"),
        period=_text(F("due_date")), subject=_name("student__"), target_id=F("student_id"),
        due_date=F("due_date"),
    )]


def follow_up_escalation(m: Moment) -> list[QuerySet]:
    # From the manager's membership to the team's students' follow-ups: one row per (follow-up,
    # manager). The annotations reuse the joins of this single filter().
    limit = m.today - datetime.timedelta(days=settings.LOB_FOLLOW_UP_ESCALATION_DAYS)
    path = "team__programmes__students__follow_ups__"
    qs = TeamMembership.objects.filter(**{
        "role": Role.MANAGER,
        "user__is_active": True,
        # A membership counts only in the member's own college (issue 15, F1).
        "team__college_id": F("user__college_id"),
        f"{path}status": FollowUpStatus.OPEN,
        f"{path}due_date__lt": limit,
    })
    return [_rows(
        qs, kind=Kind.FOLLOW_UP_ESCALATION, object_id=F(f"{path}id"), recipient_id=F("user_id"),
        period=_text(F(f"{path}due_date")), subject=_name("team__programmes__students__"),
        target_id=F(f"{path}student_id"), due_date=F(f"{path}due_date"),
    )]


def student_not_seen(m: Moment) -> list[QuerySet]:
    weeks = datetime.timedelta(weeks=settings.LOB_NOT_SEEN_WEEKS)
    seen = SessionAttendance.objects.filter(
        student_id=OuterRef("student_id"), present=True, held_at__gte=m.now - weeks,
        session__format=SessionFormat.INDIVIDUAL,
    )
    qs = CounsellorAssignment.objects.filter(
        end_date__isnull=True,
        counsellor__is_active=True,
        student__status=StudentStatus.ACTIVE,
        student__start_date__lte=m.today - weeks,
    ).filter(~Exists(seen))
    return [_rows(
        qs, kind=Kind.STUDENT_NOT_SEEN, object_id=F("student_id"), recipient_id=F("counsellor_id"),
        period=Value(m.iso_week, output_field=CharField()), subject=_name("student__"),
        target_id=F("student_id"),
    )]


def absence_alert(m: Moment) -> list[QuerySet]:
    qs = with_absence_figures(
        CounsellorAssignment.objects.filter(
            end_date__isnull=True, counsellor__is_active=True,
            student__status=StudentStatus.ACTIVE,
        ),
        m.today, student_ref=OuterRef("student_id"),
    ).filter(absence_alert_q())
    return [_rows(
        qs, kind=Kind.ABSENCE_ALERT, object_id=F("student_id"), recipient_id=F("counsellor_id"),
        period=Value(m.iso_week, output_field=CharField()), subject=_name("student__"),
        target_id=F("student_id"),
    )]


# --- LEC ---------------------------------------------------------------------------------------


def plan_action_overdue(m: Moment) -> list[QuerySet]:
    """The LEC's own actions (student, case worker, partner) → the case worker, linked to the
    case; actions of the first line → the student's counsellor (or the referrer when the
    student has none), linked to the student page: the counsellor cannot open the case. An
    action handed to the first line when its case closed stays the counsellor's."""
    overdue = PlanAction.objects.filter(status=ActionStatus.OPEN, due_date__lt=m.today)
    counsellor = CounsellorAssignment.objects.filter(
        student_id=OuterRef("referral__student_id"), end_date__isnull=True
    ).values("counsellor_id")[:1]
    first_line = (
        overdue.filter(owner=Owner.COUNSELLOR)
        .annotate(reminded=Coalesce(Subquery(counsellor), F("referral__referred_by_id"),
                                    output_field=BigIntegerField()))
        .filter(reminded__isnull=False)
    )
    lec = overdue.filter(referral__status__in=OPEN_STATUSES).exclude(owner=Owner.COUNSELLOR)
    return [
        _rows(lec.filter(referral__assigned_to__isnull=False), kind=Kind.PLAN_ACTION_OVERDUE,
              object_id=F("pk"), recipient_id=F("referral__assigned_to_id"),
              period=_text(F("due_date")), subject=_referral_label("referral__"),
              target_id=F("referral_id"), due_date=F("due_date")),
        _rows(first_line, kind=Kind.FIRST_LINE_ACTION_OVERDUE, object_id=F("pk"),
              recipient_id=F("reminded"), period=_text(F("due_date")),
              subject=_name("referral__student__"), target_id=F("referral__student_id"),
              due_date=F("due_date")),
    ]


def referral_triage_overdue(m: Moment) -> list[QuerySet]:
    cutoff = triage_overdue_cutoff()
    referred_on = _text(TruncDate("referred_at"))
    # Not claimed yet: everybody on the college's LEC (the triage list).
    path = "college__referrals__"
    unclaimed = User.objects.filter(**{
        "is_active": True,
        "groups__name__in": LEC_ROLES,
        f"{path}status": ReferralStatus.SUBMITTED,
        f"{path}referred_at__lt": cutoff,
    }).distinct()
    claimed = Referral.objects.filter(
        status=ReferralStatus.TRIAGE, referred_at__lt=cutoff, assigned_to__isnull=False
    )
    return [
        _rows(
            unclaimed, kind=Kind.REFERRAL_TRIAGE_OVERDUE, object_id=F(f"{path}id"),
            recipient_id=F("pk"), period=_text(TruncDate(f"{path}referred_at")),
            subject=_referral_label(path), target_id=F(f"{path}id"),
        ),
        _rows(
            claimed, kind=Kind.REFERRAL_TRIAGE_OVERDUE, object_id=F("pk"),
            recipient_id=F("assigned_to_id"), period=referred_on, subject=_referral_label(),
            target_id=F("pk"),
        ),
    ]


def referral_feedback_overdue(m: Moment) -> list[QuerySet]:
    qs = Referral.objects.filter(feedback_overdue_q(), assigned_to__is_active=True)
    # The period is the start of the silence: new feedback starts a new period.
    silent_since = _text(TruncDate(Coalesce("last_feedback_at", "decided_at")))
    return [_rows(
        qs, kind=Kind.REFERRAL_FEEDBACK_OVERDUE, object_id=F("pk"),
        recipient_id=F("assigned_to_id"), period=silent_since, subject=_referral_label(),
        target_id=F("pk"),
    )]


# --- staff -------------------------------------------------------------------------------------


def feedback_request_due(m: Moment) -> list[QuerySet]:
    notice = datetime.timedelta(days=settings.LOB_FEEDBACK_REQUEST_NOTICE_DAYS)
    qs = FeedbackRequest.objects.filter(
        answered_at__isnull=True,
        deadline__gte=m.today,
        deadline__lte=m.today + notice,
        rater__is_active=True,
    ).exclude(cycle__stage=Stage.CLOSED)
    return [_rows(
        qs, kind=Kind.FEEDBACK_REQUEST_DUE, object_id=F("pk"), recipient_id=F("rater_id"),
        period=_text(F("deadline")), subject=_name("cycle__employee__"), target_id=F("pk"),
        due_date=F("deadline"),
    )]


def review_meeting_due(m: Moment) -> list[QuerySet]:
    notice = datetime.timedelta(days=settings.LOB_REVIEW_MEETING_NOTICE_DAYS)
    # Only the meeting the cycle is at: an earlier one is held, a later one not yet relevant.
    qs = CycleMeeting.objects.filter(
        held_on__isnull=True, planned_on__isnull=False, planned_on__lte=m.today + notice,
        kind=F("cycle__stage"),
    )
    common = {
        "kind": Kind.REVIEW_MEETING_DUE, "object_id": F("pk"), "period": _text(F("planned_on")),
        "subject": _name("cycle__employee__"), "target_id": F("cycle_id"),
        "due_date": F("planned_on"),
    }
    return [
        _rows(qs.filter(cycle__employee__is_active=True), recipient_id=F("cycle__employee_id"),
              **common),
        _rows(qs.filter(cycle__manager__is_active=True), recipient_id=F("cycle__manager_id"),
              **common),
    ]


# --- appointments ------------------------------------------------------------------------------


def appointment_tomorrow(m: Moment) -> list[QuerySet]:
    """A booked appointment that starts tomorrow (Europe/Amsterdam): the student (through their
    active portal account) and the counsellor, each once per appointment and day. The subject is
    the other party's name; the due date is the day of the appointment."""
    tomorrow = m.today + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    qs = Appointment.objects.filter(
        status=AppointmentStatus.BOOKED, slot__starts_at__gte=start, slot__starts_at__lt=end,
        slot__withdrawn_at__isnull=True,
    )
    common = {"kind": Kind.APPOINTMENT_TOMORROW, "object_id": F("pk"),
              "period": Value(tomorrow.isoformat(), output_field=CharField()),
              "target_id": F("pk"), "due_date": Value(tomorrow, output_field=DateField())}
    return [
        _rows(qs.filter(student__account__is_active=True), recipient_id=F("student__account_id"),
              subject=_name("slot__counsellor__"), **common),
        _rows(qs.filter(slot__counsellor__is_active=True), recipient_id=F("slot__counsellor_id"),
              subject=_name("student__"), **common),
    ]


DAILY_RULES = (
    follow_up_overdue,
    follow_up_escalation,
    plan_action_overdue,
    referral_triage_overdue,
    referral_feedback_overdue,
    feedback_request_due,
    review_meeting_due,
    appointment_tomorrow,
)
WEEKLY_RULES = (student_not_seen, absence_alert)
