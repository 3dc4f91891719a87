from django import forms
from django.utils.translation import gettext_lazy as _

from .models import COMMENT_MAX_LENGTH, SCORES


class AnswerForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Did this conversation help you?"), choices=SCORES, coerce=int,
        widget=forms.RadioSelect, help_text=_("1 = not at all, 5 = very much"),
        error_messages={"required": _("Choose a number from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Anything you want to add? (optional)"), required=False,
        max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your counsellor never sees who wrote what: only all answers together."),
    )
