from django import forms
from django.utils.translation import gettext_lazy as _

from common.dates import PlausibleDateField
from common.forms import VersionField

from .models import PrivacyRequest, RequestKind


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from your authenticator app"), regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits from your authenticator app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class ReauthForm(forms.Form):
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                                                 "autofocus": True}))

    def __init__(self, *args, with_code: bool, with_password: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_password:  # confirmed at the identity provider just now (lob/sso.py)
            del self.fields["password"]
        if with_code:
            self.fields["code"] = CodeForm.base_fields["code"]


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Request"), choices=RequestKind.choices)
    ground = forms.ChoiceField(label=_("Ground"), choices=PrivacyRequest.Ground.choices)
    received_on = PlausibleDateField(label=_("Received on"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the request came in and what is asked. Erased with the student."),
    )


class VersionForm(forms.Form):
    version = VersionField()


class ErasureForm(VersionForm):
    confirm = forms.CharField(
        label=_("Type the student number to confirm"), max_length=20,
        help_text=_("Everything about this student is removed. This cannot be undone."),
    )


class CorrectionForm(VersionForm):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    date_of_birth = PlausibleDateField(label=_("Date of birth"))
    decision_note = forms.CharField(label=_("Note on the correction"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))


class RefuseForm(VersionForm):
    decision_note = forms.CharField(label=_("Why is the request refused?"),
                                    widget=forms.Textarea(attrs={"rows": 3}))


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=[("json", "JSON"), ("html", _("Readable"))])


class StaffMemberChoiceField(forms.ModelChoiceField):
    """A member of staff by name and e-mail address: two colleagues may share a name."""

    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


class AuditFilterForm(forms.Form):
    user = StaffMemberChoiceField(label=_("Staff member"), queryset=None, required=False)
    date_from = PlausibleDateField(label=_("From"), required=False)
    date_to = PlausibleDateField(label=_("Until"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    referral = forms.IntegerField(label=_("Referral number"), required=False, min_value=1)

    def __init__(self, *args, users, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["action"].choices = [("", _("All"))] + list(actions)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class GrantDecisionForm(forms.Form):
    """The note with a decision on a care-data role request."""

    note = forms.CharField(label=_("Note"), max_length=2000, required=False)
