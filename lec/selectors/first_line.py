"""What the first line may know of a referral: status, dates and the feedback written for
them. Nothing from the case file, nor the LEC's notes on the referral."""

import datetime

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from staff.models import User
from staff.roles import FIRST_LINE_ROLES, LEC_ROLES
from students.models import Student
from students.selectors import current_assignments, is_visible_to

from ..models import OPEN_STATUSES, ActionStatus, Feedback, Owner, PlanAction, Referral, Status
from .access import is_lec_staff

# The referral's fields the first line is shown (with the referrer's and case worker's names).
_FIRST_LINE_FIELDS = (
    "student", "status", "referred_at", "triaged_at", "decided_at", "closed_at", "outcome",
    "referred_by__first_name", "referred_by__last_name",
    "assigned_to__first_name", "assigned_to__last_name",
)


def may_read_feedback(user, student: Student) -> bool:
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


def referral_status_for(student: Student, user, *, sees_student: bool = False) -> list[Referral]:
    """A student's referrals as the first line sees them (not a student's own request that
    they keep for the LEC: `shared_with_first_line`), newest first, each with
    `first_line_feedback`: the LEC's feedback, oldest first, when `user` is one it is written
    for (empty otherwise). Empty when `user` may not see the student (`sees_student`: the
    caller has established that they do)."""
    if not (sees_student or is_visible_to(user, student)):
        return []
    feedback = Feedback.objects.select_related("author").order_by("created_at", "pk")
    if not may_read_feedback(user, student):
        feedback = feedback.none()  # prefetched as empty lists, without a query
    return list(
        Referral.objects.filter(student_id=student.pk, shared_with_first_line=True)
        .select_related("referred_by", "assigned_to")
        .only(*_FIRST_LINE_FIELDS)
        .prefetch_related(Prefetch("feedback", queryset=feedback, to_attr="first_line_feedback"))
        .order_by("-referred_at", "-pk")
    )


def first_line_referrals(user, *, limit: int = 10) -> list[Referral]:
    """The home panel of counsellors and care coordinators: referrals of students they see,
    open ones and those with feedback in the last weeks, newest change first."""
    if not user.has_role(*FIRST_LINE_ROLES) or user.college_id is None:
        return []
    # The students they see (students.student_scope) within their teams and caseload: those
    # of their college, which the referral carries (an index on college and state or feedback
    # time keeps the read to the college's referrals), whose team is theirs or who are in
    # their current caseload (by key). Through a subquery of the register's scope instead, the
    # planner read the college's students twice, or every referral of the ROC.
    mine = Q(student__programme__team_id__in=user.team_ids(*FIRST_LINE_ROLES)) | Q(
        student_id__in=current_assignments().filter(counsellor_id=user.pk).values("student_id"))
    recent = timezone.now() - datetime.timedelta(days=42)
    return list(
        Referral.objects.filter(college_id=user.college_id, shared_with_first_line=True)
        .filter(mine)
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


def open_referral_pk(student: Student) -> int | None:
    """The student's open referral, if any (at most one: a database constraint)."""
    return (Referral.objects.filter(student_id=student.pk, status__in=OPEN_STATUSES)
            .values_list("pk", flat=True).first())


# --- what the LEC's plan hands to the first line ---------------------------------------------


def feedback_recipients(referral: Referral) -> set[int]:
    """Who is told of the LEC's feedback on `referral`: the referrer (unless LEC staff, who
    read the case) and the student's current counsellors, while their accounts are active."""
    ids = set(
        current_assignments()
        .filter(student_id=referral.student_id, counsellor__is_active=True)
        .values_list("counsellor_id", flat=True)
    )
    referrer = (User.objects.filter(pk=referral.referred_by_id, is_active=True)
                .exclude(groups__name__in=LEC_ROLES))
    if referrer.exists():
        ids.add(referral.referred_by_id)
    return ids


# What lec/first_line_actions.html shows of an action (and its form needs).
_FIRST_LINE_ACTION_FIELDS = ("referral_id", "description", "due_date", "status", "version",
                             "completed_at")


def _first_line_fields(qs: QuerySet[PlanAction]) -> QuerySet[PlanAction]:
    # The templates show the first line the description, due date and state: nothing else.
    return qs.select_related("referral__student")


def first_line_actions(user) -> QuerySet[PlanAction]:
    """Open LEC plan actions given to "the career counsellor (first line)" that are `user`'s:
    of students whose current counsellor they are, or — for a student without one — that they
    referred. Earliest due first. The same rule as the overdue reminder."""
    if not user.has_role(*FIRST_LINE_ROLES):
        return PlanAction.objects.none()
    mine = Exists(current_assignments().filter(
        student_id=OuterRef("referral__student_id"), counsellor_id=user.pk))
    nobody = ~Exists(current_assignments().filter(student_id=OuterRef("referral__student_id")))
    qs = PlanAction.objects.filter(
        owner=Owner.COUNSELLOR, status=ActionStatus.OPEN, referral__college_id=user.college_id,
    ).filter(mine | (Q(referral__referred_by_id=user.pk) & nobody))
    return _first_line_fields(qs).order_by("due_date", "pk")


def student_first_line_actions(student: Student, user, *,
                               sees_student: bool = False) -> list[PlanAction]:
    """The LEC plan actions of `student` given to the first line, for those the LEC's feedback
    is written for (description, due date and state only); open ones first. `sees_student`:
    the caller has established that `user` sees the student."""
    if not (user.has_role(*FIRST_LINE_ROLES) and (sees_student or is_visible_to(user, student))
            and may_read_feedback(user, student)):
        return []
    qs = PlanAction.objects.filter(referral__student_id=student.pk, owner=Owner.COUNSELLOR)
    # The student page lists them without the student's name (it is the student's page).
    return list(qs.only(*_FIRST_LINE_ACTION_FIELDS)
                .order_by(Case(When(status=ActionStatus.OPEN, then=0), default=1),
                          "due_date", "pk")[:FIRST_LINE_ACTIONS_SHOWN])


FIRST_LINE_ACTIONS_SHOWN = 20


def first_line_action_for(user, pk: int) -> PlanAction:
    """One plan action of the first line that `user` may mark done, or 404."""
    action = (PlanAction.objects.filter(pk=pk, owner=Owner.COUNSELLOR)
              .select_related("referral__student__programme").first())
    if action is None:
        raise Http404
    student = action.referral.student
    if not (user.has_role(*FIRST_LINE_ROLES) and is_visible_to(user, student)
            and may_read_feedback(user, student)):
        raise Http404
    return action


# --- the first line's list of referrals ------------------------------------------------------

CLOSED_STATUSES = (Status.CLOSED, Status.RETURNED)


def first_line_referral_list(user, *, scope: str = "mine", state: str = "open",
                             status: str = "") -> QuerySet[Referral]:
    """All referrals the first line may follow, newest first: `scope` "mine" (referred by
    `user`, or of their current caseload) or "team" (of students of their teams); `state`
    "open", "closed" (closed or returned) or "all"; optionally one `status`. Status, dates and
    the case worker's name only (the page shows nothing else)."""
    if not user.has_role(*FIRST_LINE_ROLES):
        return Referral.objects.none()
    students = Student.objects.visible_to(user)
    if scope == "team":
        students = students.filter(programme__team_id__in=user.team_ids(*FIRST_LINE_ROLES))
        qs = Referral.objects.filter(student__in=students.values("pk"))
    else:
        caseload = Exists(current_assignments().filter(student_id=OuterRef("student_id"),
                                                       counsellor_id=user.pk))
        qs = Referral.objects.filter(student__in=students.values("pk")).filter(
            Q(referred_by_id=user.pk) | caseload)
    if state == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif state == "closed":
        qs = qs.filter(status__in=CLOSED_STATUSES)
    if status:
        qs = qs.filter(status=status)
    return (qs.select_related("student", "referred_by", "assigned_to")
            .only(*_FIRST_LINE_FIELDS, "team_id", "last_feedback_at",
                  "student__first_name", "student__last_name", "student__student_number",
                  "status_changed_at")
            .order_by("-referred_at", "-pk"))
