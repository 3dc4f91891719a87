"""Absence as an early alert: days with unexcused absence in a window, a rising trend, and
the compulsory-education marker (leerplicht / RMC)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from ..models import Absence


@dataclass(frozen=True)
class AbsenceWindow:
    """The window the alert looks at (today and the LOB_ABSENCE_WINDOW_WEEKS before) and the
    window of the same length before it (for the trend)."""

    today: datetime.date

    @property
    def days(self) -> int:
        return 7 * settings.LOB_ABSENCE_WINDOW_WEEKS

    @property
    def start(self) -> datetime.date:
        return self.today - datetime.timedelta(days=self.days - 1)

    @property
    def previous_start(self) -> datetime.date:
        return self.start - datetime.timedelta(days=self.days)


def unexcused_days(student_ref, start: datetime.date, end: datetime.date) -> Coalesce:
    """Days with unexcused absence of the student `student_ref` points at, start..end: a
    subquery on the (student, date) index of unexcused absences."""
    days = (
        Absence.objects.filter(student_id=student_ref, excused=False, date__gte=start,
                               date__lte=end)
        .order_by().values("student_id").annotate(n=Count("date", distinct=True)).values("n")[:1]
    )
    return Coalesce(Subquery(days, output_field=IntegerField()), Value(0))


def with_absence_figures(qs: QuerySet, today: datetime.date, student_ref=None) -> QuerySet:
    """Annotate `absent_days` (this window) and `absent_days_before` (the window before)."""
    ref = student_ref if student_ref is not None else OuterRef("pk")
    w = AbsenceWindow(today)
    return qs.annotate(
        absent_days=unexcused_days(ref, w.start, today),
        absent_days_before=unexcused_days(ref, w.previous_start,
                                          w.start - datetime.timedelta(days=1)),
    )


def absence_alert_q() -> Q:
    """On `with_absence_figures`: at least LOB_ABSENCE_ALERT_DAYS days, or a rising trend (at
    least LOB_ABSENCE_TREND_MIN_DAYS days and LOB_ABSENCE_TREND_FACTOR times the window
    before)."""
    return Q(absent_days__gte=settings.LOB_ABSENCE_ALERT_DAYS) | (
        Q(absent_days__gte=settings.LOB_ABSENCE_TREND_MIN_DAYS)
        & Q(absent_days__gt=F("absent_days_before"))
        & Q(absent_days__gte=F("absent_days_before") * settings.LOB_ABSENCE_TREND_FACTOR)
    )


def is_absence_alert(absent_days: int, absent_days_before: int) -> bool:
    """`absence_alert_q` on one student's figures (a test holds the two to the same answers)."""
    if absent_days >= settings.LOB_ABSENCE_ALERT_DAYS:
        return True
    return (absent_days >= settings.LOB_ABSENCE_TREND_MIN_DAYS
            and absent_days > absent_days_before
            and absent_days >= absent_days_before * settings.LOB_ABSENCE_TREND_FACTOR)


def absence_summary(figures: dict) -> dict:
    """The student's unexcused days in the alert window and the window before, on figures with
    `absent_days` and `absent_days_before` (`student_page_figures`)."""
    return {"absent_days": figures["absent_days"],
            "absent_days_before": figures["absent_days_before"],
            "weeks": settings.LOB_ABSENCE_WINDOW_WEEKS}
