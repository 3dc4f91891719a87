from django import template

from lec.selectors import status_badge

register = template.Library()


@register.filter
def referral_badge(status: str) -> str:
    """The badge class of a referral status (the one mapping, also used by Jinja2 rows)."""
    return status_badge(status)
