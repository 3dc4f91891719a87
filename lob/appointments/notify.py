"""Telling the student and the counsellor about a booking or a cancellation: an in-app
notification for each (lob.notifications, once per appointment and event under its unique
constraint), and right after the commit a confirmation e-mail through Django's mail backend.

The e-mail task claims each notification (`emailed_at`, a conditional UPDATE) before sending,
so a task run twice sends once; a send that fails gives the claim back and is retried, and what
is never sent travels in the recipient's next daily digest."""

from django.db import transaction
from django.utils import timezone

from common.tasks import enqueue
from lob.notifications.models import Kind, Notification

# The notification's period (max. 20 characters): each event happens once per appointment.
PERIODS = {Kind.APPOINTMENT_BOOKED: "booked", Kind.APPOINTMENT_CANCELLED: "cancelled"}


def _name(person) -> str:
    return f"{person.first_name} {person.last_name}".strip()[:200]


def appointment_event(appointment, kind: str) -> list[int]:
    """Record `kind` (booked / cancelled) for both parties, and send the e-mails after the
    commit. Returns the new notifications' ids."""
    slot, student = appointment.slot, appointment.student
    counsellor = slot.counsellor
    now = timezone.now()
    rows = []
    if counsellor.is_active:
        rows.append(Notification(recipient=counsellor, subject=_name(student)))
    if student.account_id is not None and student.account.is_active:
        rows.append(Notification(recipient_id=student.account_id, subject=_name(counsellor)))
    for row in rows:
        row.kind, row.object_id, row.target_id = kind, appointment.pk, appointment.pk
        row.period, row.created_at = PERIODS[kind], now
        row.due_date = timezone.localtime(slot.starts_at).date()
    made = Notification.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(Notification.objects.filter(
        kind=kind, object_id=appointment.pk, period=PERIODS[kind], emailed_at__isnull=True
    ).values_list("pk", flat=True)) if made else []
    if ids:
        from .tasks import send_appointment_mail

        transaction.on_commit(lambda: enqueue(send_appointment_mail, ids))
    return ids
