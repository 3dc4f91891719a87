"""The appointments' doors. A student reads their own appointments; a counsellor their own
slots and the appointments on them (in their own college). Everything else answers 404."""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from students.selectors.portal import portal_student

from .models import Appointment, CalendarFeed, Slot, Status


def appointment_scope(user) -> QuerySet[Appointment]:
    if not user.is_authenticated or not user.is_active:
        return Appointment.objects.none()
    if user.is_portal_user:
        student = portal_student(user)
        return Appointment.objects.filter(student=student) if student else Appointment.objects.none()
    return Appointment.objects.filter(slot__counsellor=user, slot__college_id=user.college_id)


def appointment_for_user(user, pk: int) -> Appointment:
    """One appointment of the student's own, or on one of the counsellor's slots; else 404."""
    return get_object_or_404(
        appointment_scope(user).select_related("slot__counsellor", "student__programme"), pk=pk
    )


def slot_for_counsellor(user, pk: int) -> Slot:
    return get_object_or_404(Slot.objects.filter(counsellor=user, college_id=user.college_id),
                             pk=pk)


def slot_for_student(student, pk: int) -> Slot:
    """A slot of one of the student's current counsellors (free or not), or 404: a student
    learns nothing about other counsellors' times."""
    from students.selectors.portal import portal_counsellors

    return get_object_or_404(
        Slot.objects.filter(counsellor__in=portal_counsellors(student),
                            college_id=student.college_id),
        pk=pk,
    )


def counsellor_slots(user, *, now: datetime.datetime | None = None, past_days: int = 14):
    """The counsellor's slots from `past_days` ago on, each with its live appointment (if any)
    prefetched: three queries, bounded by the window."""
    now = now or timezone.now()
    live = Appointment.objects.exclude(status=Status.CANCELLED).select_related("student")
    return (
        Slot.objects.filter(counsellor=user, college_id=user.college_id,
                            starts_at__gte=now - datetime.timedelta(days=past_days))
        .filter(Q(withdrawn_at__isnull=True) | Q(appointments__status__in=[
            Status.HELD, Status.NO_SHOW]))
        .distinct()
        .prefetch_related(Prefetch("appointments", queryset=live, to_attr="live"))
        .order_by("starts_at")
    )


def student_appointments(student) -> tuple[list[Appointment], list[Appointment]]:
    """(to come, earlier) of the student's own appointments; cancelled ones only to come."""
    now = timezone.now()
    rows = list(
        Appointment.objects.filter(student=student)
        .select_related("slot__counsellor")
        .order_by("slot__starts_at")
    )
    upcoming = [a for a in rows if a.slot.starts_at >= now and a.status == Status.BOOKED]
    earlier = [a for a in rows if a.slot.starts_at < now and a.status != Status.CANCELLED]
    return upcoming, list(reversed(earlier))[:20]


def upcoming_appointments(student, *, limit: int) -> list[Appointment]:
    """The student's next booked appointments (the portal's panel): one query, by the
    (student, status) index, whatever the student's history."""
    return list(
        Appointment.objects.filter(student=student, status=Status.BOOKED,
                                   slot__starts_at__gte=timezone.now())
        .select_related("slot__counsellor")
        .order_by("slot__starts_at", "pk")[:limit]
    )


def feed_by_token(token: str) -> CalendarFeed:
    feed = (
        CalendarFeed.objects.select_related("counsellor")
        .filter(token=token, counsellor__is_active=True).first()
    )
    if feed is None:
        raise Http404
    return feed
