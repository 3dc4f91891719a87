"""Notifications in the shared test world: one unread for the counsellor, one for a colleague."""

from lob.notifications.models import Kind
from tests.factories.notifications import NotificationFactory


def extend(w):
    w.notification = NotificationFactory(
        recipient=w.counsellor, kind=Kind.FOLLOW_UP_OVERDUE, object_id=w.follow_up.pk,
        target_id=w.student.pk, subject=w.student.full_name, due_date=w.follow_up.due_date,
    )
    w.colleague_notification = NotificationFactory(recipient=w.colleague)
