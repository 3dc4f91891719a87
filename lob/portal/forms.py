from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import VersionField
from lec.services.self_referral import SELF_REFERRAL_MAX_LENGTH
from lob.auth import LOGIN_MAX_LENGTH
from students.services.portal import ACTIEPUNT_NOTE_MAX_LENGTH


class SignInLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=LOGIN_MAX_LENGTH,
        help_text=_("Students: your school e-mail address. Parents: the address the school "
                    "has of you."),
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "email",
                                       "inputmode": "email"}),
    )


class ActiepuntDoneForm(forms.Form):
    note = forms.CharField(
        label=_("Note for your counsellor (optional)"), required=False,
        max_length=ACTIEPUNT_NOTE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    version = VersionField(required=False)


class LecContactForm(forms.Form):
    message = forms.CharField(
        label=_("What would you like to talk about? (optional)"), required=False,
        max_length=SELF_REFERRAL_MAX_LENGTH,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
        help_text=_("You do not have to explain anything. A few words help the LEC to find the "
                    "right person for you."),
    )
    share_with_counsellor = forms.BooleanField(
        label=_("My career counsellor may know that I asked"), required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class GuardianAccessForm(forms.Form):
    action = forms.ChoiceField(choices=[("grant", "grant"), ("revoke", "revoke")])
