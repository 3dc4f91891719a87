"""Where a notification's link leads: the page of the object it is about."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from .models import Kind

# kind -> URL name taking the notification's target_id.
LINK_URL_NAMES = {
    Kind.FOLLOW_UP_OVERDUE: "students:detail",
    Kind.FOLLOW_UP_ESCALATION: "students:detail",
    Kind.STUDENT_NOT_SEEN: "students:detail",
    Kind.ABSENCE_ALERT: "students:detail",
    Kind.PLAN_ACTION_OVERDUE: "lec:detail",
    Kind.FIRST_LINE_ACTION_OVERDUE: "students:detail",
    Kind.REFERRAL_TRIAGE_OVERDUE: "lec:detail",
    Kind.REFERRAL_FEEDBACK_OVERDUE: "lec:detail",
    Kind.FEEDBACK_REQUEST_DUE: "staff:feedback_answer",
    Kind.REVIEW_MEETING_DUE: "staff:cycle_detail",
    # The student page shows the first line the LEC's feedback (lec.timeline).
    Kind.REFERRAL_RETURNED: "students:detail",
    Kind.LEC_FEEDBACK: "students:detail",
    Kind.CONSULTATION_ASKED: "lec:consultation",
    Kind.CONSULTATION_ANSWERED: "lec:consultation",
    Kind.APPOINTMENT_BOOKED: "appointments:detail",
    Kind.APPOINTMENT_CANCELLED: "appointments:detail",
    Kind.APPOINTMENT_TOMORROW: "appointments:detail",
}


def link(notification) -> str:
    """The path of the notification's object (the notification list when a page is missing)."""
    try:
        return reverse(LINK_URL_NAMES[notification.kind], args=[notification.target_id])
    except (KeyError, NoReverseMatch):
        return reverse("notifications:list")


def absolute_link(notification) -> str:
    return settings.LOB_BASE_URL.rstrip("/") + link(notification)
