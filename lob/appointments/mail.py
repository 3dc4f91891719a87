"""The confirmation e-mail of a booking or cancellation, one per recipient (see notify.py)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lob.notifications.links import absolute_link
from lob.notifications.models import Notification

from .models import Appointment


def send_confirmations(notification_ids: list[int]) -> int:
    """Claim each notification not e-mailed yet, send its e-mail, and keep the claim; a failed
    send gives it back (the task retries; the daily digest is the last resort)."""
    sent = 0
    connection = get_connection()
    for notification in Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("recipient"):
        now = timezone.now()
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=now
        )
        if claimed != 1:
            continue
        try:
            _message(notification, connection).send()
        except Exception:
            Notification.objects.filter(pk=notification.pk, emailed_at=now).update(
                emailed_at=None
            )
            raise
        sent += 1
    return sent


def _message(notification: Notification, connection) -> EmailMessage:
    appointment = Appointment.objects.select_related("slot", "student").get(
        pk=notification.object_id
    )
    recipient = notification.recipient
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        context = {
            "recipient": recipient,
            "kind": notification.kind,
            "other": notification.subject,
            "slot": appointment.slot,
            "starts_at": timezone.localtime(appointment.slot.starts_at),
            "url": absolute_link(notification),
        }
        subject = render_to_string("appointments/email/confirmation_subject.txt", context)
        body = render_to_string("appointments/email/confirmation.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()), body=body, to=[recipient.email],
        headers={"Auto-Submitted": "auto-generated"}, connection=connection,
    )
