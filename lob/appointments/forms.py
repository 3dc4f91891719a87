import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import PlausibleDateTimeField
from common.widgets import DateTimeLocalInput
from students.models import SessionLocation

from .models import TOPIC_MAX_LENGTH


class SlotForm(forms.Form):
    starts_at = PlausibleDateTimeField(label=_("Date and time"), widget=DateTimeLocalInput())
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), initial=30, min_value=5, max_value=240,
        widget=forms.NumberInput(attrs={"step": 5, "inputmode": "numeric"}),
    )
    location = forms.ChoiceField(label=_("Location"), choices=SessionLocation.choices,
                                 initial=SessionLocation.PRIVATE_ROOM)
    place = forms.CharField(label=_("Place"), max_length=120, required=False,
                            help_text=_("For example the room number, or the link for online."))
    repeat_weeks = forms.IntegerField(
        label=_("Repeat weekly"), min_value=0, max_value=12, initial=0, required=False,
        help_text=_("The same time in the next weeks too (0 = only this time)."),
    )

    @staticmethod
    def initial_values() -> dict:
        tomorrow = timezone.localtime() + datetime.timedelta(days=1)
        return {"starts_at": tomorrow.replace(hour=10, minute=0, second=0, microsecond=0)}


class BookForm(forms.Form):
    topic = forms.CharField(
        label=_("What would you like to talk about? (optional)"), required=False,
        max_length=TOPIC_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}),
    )
