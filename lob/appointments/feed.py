"""A counsellor's slots as an iCalendar feed (RFC 5545, through the `icalendar` library).

The feed is read by calendar programs without a login, at a secret address: it holds times,
places and whether a slot is booked, never a student's name or topic (a calendar provider
keeps copies). The event's link opens the appointment in LOB, behind the login."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Appointment, Slot, Status

PAST_DAYS = 30


def _host() -> str:
    from urllib.parse import urlsplit

    return urlsplit(settings.LOB_BASE_URL).hostname or "lob.localhost"


def counsellor_calendar(counsellor, *, now: datetime.datetime | None = None) -> bytes:
    now = now or timezone.now()
    slots = (
        Slot.objects.filter(counsellor=counsellor, college_id=counsellor.college_id,
                            withdrawn_at__isnull=True,
                            starts_at__gte=now - datetime.timedelta(days=PAST_DAYS))
        .order_by("starts_at")
    )
    live = {
        a.slot_id: a
        for a in Appointment.objects.filter(slot__in=slots).exclude(status=Status.CANCELLED)
    }
    calendar = Calendar()
    calendar.add("prodid", "-//LOB//appointments//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("LOB appointments"))
    base = settings.LOB_BASE_URL.rstrip("/")
    for slot in slots:
        appointment = live.get(slot.pk)
        event = Event()
        event.add("uid", f"lob-slot-{slot.pk}@{_host()}")
        event.add("dtstamp", now)
        event.add("dtstart", slot.starts_at)
        event.add("dtend", slot.ends_at)
        if appointment is None:
            event.add("summary", _("Open appointment time"))
            event.add("transp", "TRANSPARENT")
        else:
            event.add("summary", _("LOB appointment (%(status)s)")
                      % {"status": appointment.get_status_display().lower()})
            event.add("url", base + reverse("appointments:detail", args=[appointment.pk]))
        place = slot.get_location_display() + (f", {slot.place}" if slot.place else "")
        event.add("location", place)
        calendar.add_component(event)
    return calendar.to_ical()
