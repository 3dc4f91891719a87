from django import template
from django.utils.html import format_html

from lec.models import Status, Urgency

register = template.Library()

STATUS_BADGE = {Status.SUBMITTED: "text-bg-warning", Status.TRIAGE: "text-bg-info",
                Status.CLOSED: "text-bg-success", Status.RETURNED: "text-bg-secondary"}
URGENCY_BADGE = {Urgency.CRISIS: "text-bg-danger", Urgency.HIGH: "text-bg-warning"}


@register.filter
def referral_badge(status: str) -> str:
    """The Bootstrap class of a referral status's badge."""
    return STATUS_BADGE.get(status, "text-bg-primary")


@register.filter
def urgency_badge(urgency: str) -> str:
    """The Bootstrap class of a referral urgency's badge."""
    return URGENCY_BADGE.get(urgency, "text-bg-light border")


@register.simple_tag
def status_badge(referral) -> str:
    """A referral's status as a coloured badge: written here rather than included as a
    template, as the case list repeats it on every row."""
    return format_html('<span class="badge {}" data-testid="referral-status">{}</span>',
                       referral_badge(referral.status), referral.get_status_display())
