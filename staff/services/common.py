"""Small helpers the staff services share."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else changed this in the meantime. Reload the page, check their changes and try again."
)


def stamp(value: datetime.datetime | None) -> str:
    """A version marker for a form's hidden field: the last-change time, or '' if never."""
    return value.isoformat() if value else ""


def check_fresh(current: datetime.datetime | None, expected: str | None) -> None:
    """Refuse a stale form: `expected` is the stamp the form was rendered with (None: no check)."""
    if expected is not None and stamp(current) != expected:
        raise ValidationError(STALE_MESSAGE, code="stale")


def clean_text(value: str) -> str:
    return (value or "").strip()
