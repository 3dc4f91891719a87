"""Appointments: publishing times, booking and cancelling within the rules, confirmations
(in-app and e-mail), the reminder the day before, what became of an appointment, the feed."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lob.appointments import services
from lob.appointments.models import Appointment, CalendarFeed, Slot, Status
from lob.notifications import services as notification_services
from lob.notifications.models import Kind, Notification
from students.models import SessionLocation
from tests.factories.portal_parts import appointment, slot

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def test_a_counsellor_publishes_a_time_in_a_private_room_by_default(world, login):
    client = login(world.counsellor)
    page = client.get(reverse("appointments:slots"))
    assert page.context["form"]["location"].initial == SessionLocation.PRIVATE_ROOM
    response = client.post(reverse("appointments:slots"), {
        "starts_at": "2099-03-02T10:00", "duration_minutes": "30", "location": "private_room",
        "place": "Lokaal 1.12", "repeat_weeks": "2",
    })
    assert response.status_code == 302
    made = Slot.objects.filter(counsellor=world.counsellor, place="Lokaal 1.12")
    assert made.count() == 3
    assert {s.location for s in made} == {SessionLocation.PRIVATE_ROOM}


def test_a_time_in_the_past_or_overlapping_is_refused_next_to_the_field(world, login):
    client = login(world.counsellor)
    before = Slot.objects.count()
    past = client.post(reverse("appointments:slots"), {
        "starts_at": "2020-03-02T10:00", "duration_minutes": "30", "location": "private_room",
    })
    assert past.context["form"].has_error("starts_at")
    start = timezone.localtime(world.free_slot.starts_at) + datetime.timedelta(minutes=10)
    overlap = client.post(reverse("appointments:slots"), {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "duration_minutes": "30",
        "location": "private_room",
    })
    assert "overlapt" in str(overlap.context["form"].errors["starts_at"])
    assert Slot.objects.count() == before


def test_booking_confirms_in_the_app_and_by_e_mail_to_both(world, login,
                                                          django_capture_on_commit_callbacks):
    client = login(world.student_account)
    page = client.get(reverse("appointments:mine"))
    assert world.free_slot in page.context["slots"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("appointments:book", args=[world.free_slot.pk]),
                               {"topic": "Mijn stage"})
    booked = Appointment.objects.get(slot=world.free_slot)
    assert response.status_code == 302 and response["Location"] == reverse(
        "appointments:detail", args=[booked.pk])
    assert booked.student == world.student and booked.topic == "Mijn stage"
    notes = Notification.objects.filter(kind=Kind.APPOINTMENT_BOOKED, object_id=booked.pk)
    assert {n.recipient_id for n in notes} == {world.counsellor.pk, world.student_account.pk}
    assert all(n.emailed_at is not None for n in notes)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.counsellor.email, world.student_account.email])
    to_student = next(m for m in mail.outbox if m.to == [world.student_account.email])
    assert "Carla Counsel" in to_student.body and "Sanne" not in to_student.subject
    # The student sees it in their notifications; the slot is no longer offered.
    assert client.get(reverse("notifications:list")).status_code == 200
    assert world.free_slot not in client.get(reverse("appointments:mine")).context["slots"]


def test_a_taken_withdrawn_or_too_soon_time_cannot_be_booked(world, settings):
    with pytest.raises(ValidationError) as taken:
        services.appointment_book(student=world.team_student, slot_id=world.slot.pk)
    assert taken.value.code == "taken"
    soon = slot(world.counsellor, starts_in=datetime.timedelta(minutes=30))
    with pytest.raises(ValidationError):
        services.appointment_book(student=world.student, slot_id=soon.pk)
    services.slot_withdraw(slot=world.free_slot, by=world.counsellor)
    with pytest.raises(ValidationError):
        services.appointment_book(student=world.student, slot_id=world.free_slot.pk)
    assert not Appointment.objects.filter(slot__in=[soon, world.free_slot]).exists()


def test_a_student_cannot_hold_more_open_appointments_than_the_setting(world, settings):
    settings.LOB_APPOINTMENT_MAX_OPEN = 2  # Sanne has one to come in the world
    second = slot(world.counsellor, starts_in=datetime.timedelta(days=5))
    third = slot(world.counsellor, starts_in=datetime.timedelta(days=6))
    services.appointment_book(student=world.student, slot_id=second.pk)
    with pytest.raises(ValidationError) as refused:
        services.appointment_book(student=world.student, slot_id=third.pk)
    assert refused.value.code == "limit"
    assert not Appointment.objects.filter(slot=third).exists()


def test_a_student_cancels_early_enough_but_not_too_late(world, login, settings,
                                                        django_capture_on_commit_callbacks):
    settings.LOB_APPOINTMENT_CANCEL_MIN_HOURS = 24
    client = login(world.student_account)
    late_slot = slot(world.counsellor, starts_in=datetime.timedelta(hours=20))
    late = appointment(late_slot, world.student)
    response = client.post(reverse("appointments:cancel", args=[late.pk]), follow=True)
    assert "tot 24 uur van tevoren" in response.content.decode()
    late.refresh_from_db()
    assert late.status == Status.BOOKED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("appointments:cancel", args=[world.appointment.pk]))
    world.appointment.refresh_from_db()
    assert world.appointment.status == Status.CANCELLED
    assert world.appointment.closed_by == world.student_account
    assert Notification.objects.filter(kind=Kind.APPOINTMENT_CANCELLED,
                                       recipient=world.counsellor).exists()
    assert any("geannuleerd" in m.subject.lower() for m in mail.outbox)
    # The time is free again.
    assert world.slot in client.get(reverse("appointments:mine")).context["slots"]


def test_a_held_appointment_opens_the_session_form_filled_in(world, login):
    client = login(world.counsellor)
    response = client.post(reverse("appointments:outcome", args=[world.begun_appointment.pk]),
                           {"status": "held"})
    world.begun_appointment.refresh_from_db()
    assert world.begun_appointment.status == Status.HELD
    assert response["Location"].startswith(reverse("students:session_new"))
    form = client.get(response["Location"]).context["form"]
    starts = timezone.localtime(world.begun_slot.starts_at).replace(second=0, microsecond=0)
    assert form.initial["student"] == world.student
    assert form.initial["held_at"] == starts
    assert form.initial["duration_minutes"] == 30
    assert form.initial["location"] == SessionLocation.PRIVATE_ROOM


def test_a_no_show_is_recorded_and_only_once_it_has_begun(world, login):
    client = login(world.counsellor)
    client.post(reverse("appointments:outcome", args=[world.appointment.pk]),
                {"status": "no_show"})
    world.appointment.refresh_from_db()
    assert world.appointment.status == Status.BOOKED  # still to come: refused
    client.post(reverse("appointments:outcome", args=[world.begun_appointment.pk]),
                {"status": "no_show"})
    world.begun_appointment.refresh_from_db()
    assert world.begun_appointment.status == Status.NO_SHOW
    assert world.begun_appointment.closed_by == world.counsellor


def test_the_day_before_both_are_reminded_once_by_the_daily_sweep(
        world, django_capture_on_commit_callbacks):
    day = datetime.date(2099, 3, 9)
    tomorrow = slot(world.counsellor, starts_in=datetime.timedelta(0))
    Slot.objects.filter(pk=tomorrow.pk).update(
        starts_at=datetime.datetime(2099, 3, 10, 9, 30, tzinfo=AMSTERDAM))
    booked = appointment(tomorrow, world.student)
    for _run in range(2):
        with time_machine.travel(datetime.datetime(2099, 3, 9, 7, tzinfo=AMSTERDAM),
                                 tick=False), django_capture_on_commit_callbacks(execute=True):
            notification_services.reminders_sweep()
    reminded = Notification.objects.filter(kind=Kind.APPOINTMENT_TOMORROW, object_id=booked.pk)
    assert sorted(reminded.values_list("recipient_id", flat=True)) == sorted(
        [world.counsellor.pk, world.student_account.pk])
    assert {n.period for n in reminded} == {"2099-03-10"}
    # Each gets it once, in their digest e-mail of that day.
    recipients = [m.to[0] for m in mail.outbox]
    assert recipients.count(world.student_account.email) == 1
    assert recipients.count(world.counsellor.email) == 1
    assert Notification.objects.filter(kind=Kind.APPOINTMENT_TOMORROW,
                                       created_at__date=day).count() == 2


def test_the_feed_shows_times_without_names_and_a_reset_address_replaces_the_old(world, login,
                                                                                  client):
    feed = services.feed_for(world.counsellor)
    url = reverse("appointments:feed", args=[feed.token])
    response = client.get(url)  # no login: the address is the key
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == Slot.objects.filter(counsellor=world.counsellor).count()
    body = response.content.decode()
    assert "Sanne" not in body and "de Vries" not in body
    assert client.get(reverse("appointments:feed", args=["not-the-token"])).status_code == 404
    login(world.counsellor).post(reverse("appointments:feed_reset"))
    new = CalendarFeed.objects.get(counsellor=world.counsellor).token
    assert new != feed.token
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(reverse("appointments:feed", args=[new])).status_code == 200


def test_the_counsellor_times_page_has_a_bounded_number_of_queries(
        world, login, django_assert_max_num_queries):
    client = login(world.counsellor)
    for i in range(30):
        appointment(slot(world.counsellor, starts_in=datetime.timedelta(days=10 + i)),
                    world.team_student)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("appointments:slots")).status_code == 200
