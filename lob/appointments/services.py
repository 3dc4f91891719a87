"""Writes of appointments: publish and withdraw slots, book, cancel, and record what became of
an appointment. The rules of booking and cancelling are settings (LOB_APPOINTMENT_*).

Booking is safe under races: the slot's row is locked (SELECT ... FOR UPDATE) before it is
checked, so concurrent attempts on one slot queue and all but the first find it taken; the
student's row is locked too, so two bookings of one student cannot both pass the limit of open
appointments. The partial unique constraint on (slot, not cancelled) holds even where the
database has no row locks (SQLite): the loser's insert fails and is told the slot is taken."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lob.notifications.models import Kind
from students.models import SessionLocation, Student

from . import notify
from .models import TOPIC_MAX_LENGTH, Appointment, CalendarFeed, Slot, Status

SLOT_TAKEN = _("Someone else has just booked this time. Choose another time.")


def slot_publish(*, counsellor, starts_at: datetime.datetime, duration_minutes: int,
                 location: str = SessionLocation.PRIVATE_ROOM, place: str = "",
                 now: datetime.datetime | None = None) -> Slot:
    """A counsellor offers a time for one student, at a place (a private room by default)."""
    now = now or timezone.now()
    errors = {}
    if starts_at <= now:
        errors["starts_at"] = [_("Choose a time in the future.")]
    if not 5 <= duration_minutes <= 240:
        errors["duration_minutes"] = [_("Choose a duration between 5 and 240 minutes.")]
    if location not in SessionLocation.values:
        errors["location"] = [_("Choose a location.")]
    if counsellor.college_id is None:
        errors["starts_at"] = [_("You are not in a college.")]
    if not errors:
        ends_at = starts_at + datetime.timedelta(minutes=duration_minutes)
        overlapping = [
            s for s in Slot.objects.filter(
                counsellor=counsellor, withdrawn_at__isnull=True,
                starts_at__lt=ends_at, starts_at__gte=starts_at - datetime.timedelta(hours=4),
            ) if s.ends_at > starts_at
        ]
        if overlapping:
            errors["starts_at"] = [_("You already have a time that overlaps this one.")]
    if errors:
        raise ValidationError(errors)
    return Slot.objects.create(counsellor=counsellor, college_id=counsellor.college_id,
                               starts_at=starts_at, duration_minutes=duration_minutes,
                               location=location, place=place.strip()[:120])


def slot_withdraw(*, slot: Slot, by, now: datetime.datetime | None = None) -> None:
    """The counsellor takes a slot back; a booking on it is cancelled and the student told."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Slot.objects.select_for_update().get(pk=slot.pk)
        if locked.withdrawn_at is not None:
            return
        if locked.starts_at <= now:
            raise ValidationError(_("This time has already begun."))
        locked.withdrawn_at = now
        locked.save(update_fields=["withdrawn_at"])
        for appointment in locked.appointments.filter(status=Status.BOOKED):
            _close(appointment, Status.CANCELLED, by=by, now=now)
            notify.appointment_event(appointment, Kind.APPOINTMENT_CANCELLED)


def bookable_slots(student: Student, *, now: datetime.datetime | None = None):
    """Future slots of the student's current counsellors that nobody has booked."""
    from students.selectors.portal import portal_counsellors

    now = now or timezone.now()
    earliest = now + datetime.timedelta(hours=settings.LOB_APPOINTMENT_BOOK_MIN_HOURS)
    return (
        Slot.objects.filter(
            counsellor__in=portal_counsellors(student), college_id=student.college_id,
            withdrawn_at__isnull=True, starts_at__gte=earliest,
        )
        .exclude(appointments__status__in=[Status.BOOKED, Status.HELD, Status.NO_SHOW])
        .select_related("counsellor")
        .order_by("starts_at")
    )


def appointment_book(*, student: Student, slot_id: int, topic: str = "", by=None,
                     now: datetime.datetime | None = None) -> Appointment:
    """The student books a slot of their counsellor. Refused (ValidationError) when the slot
    is taken, withdrawn or too soon, or when the student has LOB_APPOINTMENT_MAX_OPEN
    appointments to come already."""
    now = now or timezone.now()
    topic = (topic or "").strip()
    if len(topic) > TOPIC_MAX_LENGTH:
        raise ValidationError({"topic": [_("Keep it under %(n)s characters.")
                                         % {"n": TOPIC_MAX_LENGTH}]})
    try:
        with transaction.atomic():
            # The student first, then the slot: every booking takes the locks in this order.
            Student.objects.select_for_update().filter(pk=student.pk).first()
            slot = (
                bookable_slots(student, now=now).select_for_update(of=("self",))
                .filter(pk=slot_id).first()
            )
            if slot is None or slot.appointments.exclude(status=Status.CANCELLED).exists():
                raise ValidationError(SLOT_TAKEN, code="taken")
            open_count = Appointment.objects.filter(
                student=student, status=Status.BOOKED, slot__starts_at__gt=now
            ).count()
            limit = settings.LOB_APPOINTMENT_MAX_OPEN
            if open_count >= limit:
                raise ValidationError(ngettext(
                    "You already have %(n)s appointment coming up. Cancel it or wait until "
                    "after it before you book another.",
                    "You already have %(n)s appointments coming up. Cancel one or wait until "
                    "after them before you book another.", limit) % {"n": limit},
                    code="limit")
            appointment = Appointment.objects.create(slot=slot, student=student, topic=topic,
                                                     booked_by=by, booked_at=now)
            notify.appointment_event(appointment, Kind.APPOINTMENT_BOOKED)
            return appointment
    except IntegrityError:
        # Another booking of this slot won (where rows cannot be locked): nothing was written.
        raise ValidationError(SLOT_TAKEN, code="taken") from None


def _close(appointment: Appointment, status: str, *, by, now) -> None:
    changed = Appointment.objects.filter(pk=appointment.pk, status=Status.BOOKED).update(
        status=status, closed_at=now, closed_by=by
    )
    if changed != 1:
        raise ValidationError(_("This appointment was changed in the meantime. Look again."),
                              code="stale")
    appointment.status, appointment.closed_at, appointment.closed_by = status, now, by


def can_student_cancel(appointment: Appointment, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    limit = datetime.timedelta(hours=settings.LOB_APPOINTMENT_CANCEL_MIN_HOURS)
    return appointment.is_booked and appointment.slot.starts_at - now >= limit


def appointment_cancel(*, appointment: Appointment, by, now: datetime.datetime | None = None,
                       as_student: bool) -> None:
    """Cancel a booking: the student up to LOB_APPOINTMENT_CANCEL_MIN_HOURS before the start,
    the counsellor until it starts. Both are told; the slot is free again."""
    now = now or timezone.now()
    if as_student and not can_student_cancel(appointment, now=now):
        raise ValidationError(ngettext(
            "You can cancel up to %(n)s hour before the appointment. Later than that, let your "
            "counsellor know yourself.",
            "You can cancel up to %(n)s hours before the appointment. Later than that, let your "
            "counsellor know yourself.", settings.LOB_APPOINTMENT_CANCEL_MIN_HOURS)
            % {"n": settings.LOB_APPOINTMENT_CANCEL_MIN_HOURS}, code="too_late")
    if not as_student and appointment.slot.starts_at <= now:
        raise ValidationError(_("This appointment has begun: mark it held or a no-show."),
                              code="begun")
    with transaction.atomic():
        _close(appointment, Status.CANCELLED, by=by, now=now)
        notify.appointment_event(appointment, Kind.APPOINTMENT_CANCELLED)


def appointment_record_outcome(*, appointment: Appointment, by, status: str,
                               now: datetime.datetime | None = None) -> None:
    """The counsellor records, once it has begun, that the appointment was held or that the
    student did not come (a no-show)."""
    now = now or timezone.now()
    if status not in (Status.HELD, Status.NO_SHOW):
        raise ValidationError(_("Choose held or no-show."))
    if appointment.slot.starts_at > now:
        raise ValidationError(_("You can record this once the appointment has begun."),
                              code="early")
    with transaction.atomic():
        _close(appointment, status, by=by, now=now)


def feed_for(counsellor) -> CalendarFeed:
    """The counsellor's calendar feed (made on first use)."""
    feed, _created = CalendarFeed.objects.get_or_create(counsellor=counsellor)
    return feed


def feed_reset(*, counsellor) -> CalendarFeed:
    """A new secret address for the counsellor's feed; the old one stops working at once."""
    from .models import new_feed_token

    feed = feed_for(counsellor)
    feed.token = new_feed_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed
