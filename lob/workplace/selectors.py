"""Who sees which placement. A placement (company, praktijkopleider, period) is register data:
visible wherever the student is (`Student.objects.visible_to`). Visits and the
praktijkopleider's reports are first-line content: only for readers of the student's
first-line records (`students.selectors.first_line_students`)."""

import datetime

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from students.models import CounsellorAssignment, Student
from students.selectors import first_line_students

from .models import Placement, PlacementReport, TrainerRequest


def placement_scope(user) -> QuerySet[Placement]:
    return Placement.objects.filter(student__in=Student.objects.visible_to(user).values("pk"))


def first_line_placements(user) -> QuerySet[Placement]:
    return Placement.objects.filter(student__in=first_line_students(user).values("pk"))


def placement_for_user(user, pk: int) -> Placement:
    placement = (placement_scope(user).select_related("student__programme__team", "company")
                 .filter(pk=pk).first())
    if placement is None:
        raise Http404
    return placement


def first_line_placement(user, pk: int) -> Placement:
    placement = (first_line_placements(user).select_related("student__programme", "company")
                 .filter(pk=pk).first())
    if placement is None:
        raise Http404
    return placement


def visit_due_before(today: datetime.date | None = None) -> datetime.datetime:
    """A current placement with no visit since this moment has had no visit this period."""
    today = today or timezone.localdate()
    start = today - datetime.timedelta(weeks=settings.LOB_PLACEMENT_VISIT_WEEKS)
    return timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))


def with_last_visit(qs: QuerySet[Placement], today: datetime.date | None = None):
    """Each placement with `last_visit` and `visit_due`: current, running for a whole period,
    and not visited within it."""
    today = today or timezone.localdate()
    since = visit_due_before(today)
    period_start = since.date()
    return qs.annotate(last_visit=Max("visits__held_at")).annotate(
        visit_due=Q(start_date__lte=period_start)
        & (Q(end_date__isnull=True) | Q(end_date__gte=today))
        & (Q(last_visit__isnull=True) | Q(last_visit__lt=since))
    )


def placement_overview(user, *, mine: bool, due_only: bool, query: str = ""):
    """Current placements of the students whose first-line records `user` reads (`mine`: of
    the user's own caseload), with their last visit; `due_only`: those not visited this
    period."""
    qs = first_line_placements(user).current()
    if mine:
        qs = qs.filter(Exists(CounsellorAssignment.objects.filter(
            student=OuterRef("student"), counsellor=user, end_date__isnull=True)))
    if query:
        qs = qs.filter(Q(student__last_name__icontains=query)
                       | Q(student__first_name__icontains=query)
                       | Q(company__name__icontains=query))
    qs = with_last_visit(qs)
    if due_only:
        qs = qs.filter(visit_due=True)
    return qs.select_related("student__programme", "company").order_by(
        "student__last_name", "student__first_name", "pk")


def student_placements(student: Student) -> QuerySet[Placement]:
    """A student's placements, the current first (the caller checked access)."""
    return with_last_visit(student.placements.select_related("company")).order_by(
        "-start_date", "-pk")


def reports_for(student: Student) -> QuerySet[PlacementReport]:
    return student.placement_reports.select_related("placement__company")


def requests_for(placement: Placement) -> QuerySet[TrainerRequest]:
    return placement.trainer_requests.select_related("requested_by")
