"""Appointments: a counsellor's open slots (time and place), a student's booking of one, and
the counsellor's calendar feed.

One slot holds at most one live booking: a partial unique constraint (slot, where not
cancelled) says so in the database, whatever the code does; the booking service also locks
the slot's row, so concurrent attempts queue instead of failing on the constraint."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import plausible_moment_check
from staff.models import College
from students.models import SessionLocation, Student

TOPIC_MAX_LENGTH = 300


class Slot(models.Model):
    """A time a counsellor is available for one student, and where."""

    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="appointment_slots",
                                   verbose_name=_("counsellor"))
    # The counsellor's college when published: every lookup is bounded by it.
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    # A private room by default: a conversation in an open space can be overheard.
    location = models.CharField(_("location"), max_length=20, choices=SessionLocation.choices,
                                default=SessionLocation.PRIVATE_ROOM)
    place = models.CharField(_("place"), max_length=120, blank=True,
                             help_text=_("For example the room number, or the link for online."))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gte=5, duration_minutes__lte=240),
                                   name="slot_duration_5_to_240"),
            models.CheckConstraint(condition=Q(location__in=SessionLocation.values),
                                   name="slot_location_valid"),
            plausible_moment_check("starts_at", name="slot_starts_at_plausible"),
        ]
        indexes = [
            models.Index(fields=["counsellor", "starts_at"], name="slot_counsellor_start_idx"),
        ]

    def __str__(self):
        return f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Status(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("Did not come")


class Appointment(models.Model):
    """A student's booking of a slot, and what became of it."""

    slot = models.ForeignKey(Slot, verbose_name=_("time"), on_delete=models.CASCADE, related_name="appointments")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="appointments",
                                verbose_name=_("student"))
    topic = models.CharField(_("what would you like to talk about?"), max_length=TOPIC_MAX_LENGTH,
                             blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.BOOKED)
    booked_at = models.DateTimeField(_("booked at"), default=timezone.now, editable=False)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("booked by"), on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+")
    # When it was cancelled, or marked held or a no-show, and by whom.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"), on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+")

    class Meta:
        ordering = ["slot__starts_at", "id"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.UniqueConstraint(fields=["slot"], condition=~Q(status="cancelled"),
                                    name="appointment_one_live_per_slot"),
            models.CheckConstraint(condition=Q(status__in=Status.values),
                                   name="appointment_status_valid"),
            models.CheckConstraint(
                condition=Q(status="booked", closed_at__isnull=True)
                | (~Q(status="booked") & Q(closed_at__isnull=False)),
                name="appointment_closed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["student", "status"], name="appointment_student_status_idx"),
        ]

    def __str__(self):
        return f"{self.slot} ({self.status})"

    @property
    def is_booked(self) -> bool:
        return self.status == Status.BOOKED


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A counsellor's iCalendar feed: whoever knows the token reads the counsellor's slots
    (times and places, never a student's name). Resetting makes a new token at once."""

    counsellor = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                      related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self):
        return f"feed of {self.counsellor_id}"
