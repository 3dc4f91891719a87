"""What the first line may know of a referral: status, dates and the feedback written for
them. Nothing from the case file, nor the LEC's notes on the referral."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from staff.roles import FIRST_LINE_ROLES
from students.models import Student
from students.selectors import current_assignments, is_visible_to

from ..models import OPEN_STATUSES, Feedback, Referral
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


def referral_status_for(student: Student, user) -> list[Referral]:
    """A student's referrals as the first line sees them (not a student's own request that
    they keep for the LEC: `shared_with_first_line`), newest first, each with
    `first_line_feedback`: the LEC's feedback, oldest first, when `user` is one it is written
    for (empty otherwise). Empty when `user` may not see the student."""
    if not is_visible_to(user, student):
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
    if not user.has_role(*FIRST_LINE_ROLES):
        return []
    recent = timezone.now() - datetime.timedelta(days=42)
    # The caseload as EXISTS, not a join: OR-ed with the teams, a join to the assignments made
    # PostgreSQL scan all of them.
    students = Student.objects.visible_to(user).filter(
        Q(programme__team_id__in=user.team_ids(*FIRST_LINE_ROLES))
        | Exists(current_assignments().filter(student_id=OuterRef("pk"), counsellor_id=user.pk))
    )
    return list(
        Referral.objects.filter(student__in=students.values("pk"), shared_with_first_line=True)
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
