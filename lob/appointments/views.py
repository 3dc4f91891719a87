"""Appointments: the student books and cancels (portal pages); the counsellor publishes slots,
records what became of an appointment, and has a calendar feed."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from common.access import portal_role_required, role_required
from common.forms import apply_service_errors
from staff.roles import FIRST_LINE_ROLES, Role
from students.models import SessionKind
from students.selectors.portal import portal_student

from . import selectors, services
from .feed import counsellor_calendar
from .forms import BookForm, SlotForm
from .models import Status


def _own_student(request):
    student = portal_student(request.user)
    if student is None:
        raise Http404
    return student


@portal_role_required(Role.STUDENT)
@require_GET
def mine(request):
    """The student's appointments, and the times of their counsellor that are still free."""
    student = _own_student(request)
    upcoming, earlier = selectors.student_appointments(student)
    slots = list(services.bookable_slots(student)[:30])
    return render(request, "appointments/mine.html", {
        "upcoming": upcoming, "earlier": earlier, "slots": slots, "form": BookForm(),
    })


@portal_role_required(Role.STUDENT)
@require_POST
def book(request, pk: int):
    student = _own_student(request)
    slot = selectors.slot_for_student(student, pk)
    form = BookForm(request.POST)
    if form.is_valid():
        try:
            appointment = services.appointment_book(
                student=student, slot_id=slot.pk, topic=form.cleaned_data["topic"], by=request.user
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your appointment is booked. You will get an e-mail."))
            return redirect("appointments:detail", pk=appointment.pk)
    else:
        messages.error(request, _("Keep your topic short."))
    return redirect("appointments:mine")


@portal_role_required(Role.STUDENT, *FIRST_LINE_ROLES)
@require_GET
def detail(request, pk: int):
    """One appointment, for the student who booked it or the counsellor whose slot it is."""
    appointment = selectors.appointment_for_user(request.user, pk)
    as_student = request.user.is_portal_user
    context = {"appointment": appointment, "slot": appointment.slot, "as_student": as_student}
    if as_student:
        context["can_cancel"] = services.can_student_cancel(appointment)
        context["cancel_hours"] = settings.LOB_APPOINTMENT_CANCEL_MIN_HOURS
        return render(request, "appointments/detail_student.html", context)
    now = timezone.now()
    context["begun"] = appointment.slot.starts_at <= now
    context["draft_url"] = _session_draft_url(appointment)
    return render(request, "appointments/detail_counsellor.html", context)


@portal_role_required(Role.STUDENT, *FIRST_LINE_ROLES)
@require_POST
def cancel(request, pk: int):
    appointment = selectors.appointment_for_user(request.user, pk)
    as_student = request.user.is_portal_user
    try:
        services.appointment_cancel(appointment=appointment, by=request.user,
                                    as_student=as_student)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("appointments:detail", pk=pk)
    messages.success(request, _("The appointment is cancelled."))
    return redirect("appointments:mine" if as_student else "appointments:slots")


def _session_draft_url(appointment) -> str:
    """The session form, filled in from the appointment (student, time, length, place)."""
    slot = appointment.slot
    query = urlencode({
        "student": appointment.student_id,
        "held_at": timezone.localtime(slot.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": slot.duration_minutes,
        "location": slot.location,
        "kind": SessionKind.CAREER,
    })
    return f"{reverse('students:session_new')}?{query}"


@role_required(*FIRST_LINE_ROLES)
@require_POST
def outcome(request, pk: int):
    """Held (then on to the session form, filled in) or a no-show."""
    appointment = selectors.appointment_for_user(request.user, pk)
    status = request.POST.get("status")
    try:
        services.appointment_record_outcome(appointment=appointment, by=request.user,
                                            status=status)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("appointments:detail", pk=pk)
    if status == Status.HELD:
        messages.success(request, _("Marked as held. Log the session now: the form is filled in."))
        return redirect(_session_draft_url(appointment))
    messages.success(request, _("Recorded: the student did not come."))
    return redirect("appointments:slots")


@role_required(*FIRST_LINE_ROLES)
def slots(request):
    """The counsellor's times: publish new ones, see bookings, the calendar feed."""
    user = request.user
    if request.method == "POST":
        form = SlotForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            made, refused = 0, []
            for week in range(1 + (data.get("repeat_weeks") or 0)):
                try:
                    services.slot_publish(
                        counsellor=user,
                        starts_at=data["starts_at"] + datetime.timedelta(weeks=week),
                        duration_minutes=data["duration_minutes"], location=data["location"],
                        place=data["place"],
                    )
                    made += 1
                except ValidationError as exc:
                    if week == 0:
                        apply_service_errors(form, exc)
                        break
                    refused.append(week)
            if made:
                messages.success(request, ngettext("%(n)s time published.",
                                                   "%(n)s times published.", made) % {"n": made})
                if refused:
                    messages.warning(request, ngettext(
                        "%(n)s repeat overlapped another time and was left out.",
                        "%(n)s repeats overlapped other times and were left out.",
                        len(refused)) % {"n": len(refused)})
                return redirect("appointments:slots")
    else:
        form = SlotForm(initial=SlotForm.initial_values())
    feed = services.feed_for(user)
    return render(request, "appointments/slots.html", {
        "form": form, "slots": selectors.counsellor_slots(user), "now": timezone.now(),
        "feed_url": request.build_absolute_uri(reverse("appointments:feed", args=[feed.token])),
    })


@role_required(*FIRST_LINE_ROLES)
@require_POST
def slot_withdraw(request, pk: int):
    slot = selectors.slot_for_counsellor(request.user, pk)
    try:
        services.slot_withdraw(slot=slot, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The time is withdrawn."))
    return redirect("appointments:slots")


@role_required(*FIRST_LINE_ROLES)
@require_POST
def feed_reset(request):
    services.feed_reset(counsellor=request.user)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("appointments:slots")


@require_GET
def feed(request, token: str):
    """The counsellor's slots for a calendar program: no login, the secret address is the key
    (404 for any other). Holds no student's name (see feed.py)."""
    calendar = counsellor_calendar(selectors.feed_by_token(token).counsellor)
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
