"""The one date and date-time input of the app.

A browser's `<input type="date">` accepts only an ISO value (`2026-12-01`); Django's DateInput
renders the active locale's format (`01-12-2026` in Dutch), which the browser drops, so the
field looks empty and the form then says the field is required. Every date field in every form
uses these widgets (PlausibleDateField and PlausibleDateTimeField default to them), so the
value always goes out in ISO, whatever the language.
"""

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    """A browser date picker whose value is always ISO (`YYYY-MM-DD`)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


class DateTimeLocalInput(forms.DateTimeInput):
    """A browser date-and-time picker whose value is always ISO (`YYYY-MM-DDTHH:MM`)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATETIME_LOCAL)
