from django import forms
from django.utils.translation import gettext_lazy as _

from common.idempotency import SubmissionTokenField

from .models import REFLECTION_MAX_LENGTH, RESPONSE_MAX_LENGTH
from .uploads import allowed_extensions


class ReflectionForm(forms.Form):
    """A student's reflection on one competency (the page's); the rules are in the service."""

    text = forms.CharField(
        label=_("Your reflection"), max_length=REFLECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What did you do, what did you learn about yourself, what is your next step?"),
    )
    file = forms.FileField(label=_("Add a file (optional)"), required=False)
    link = forms.CharField(
        label=_("Or a link (optional)"), required=False, max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"}),
    )
    shared_with_guardians = forms.BooleanField(
        label=_("My parents may read this"), required=False,
    )
    submission_token = SubmissionTokenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, photo or Word document: %(types)s.") % {
            "types": allowed_extensions()
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(
            f".{e}" for e in allowed_extensions().split(", ")
        )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"), required=False)
    link = forms.CharField(
        label=_("Or a link"), required=False, max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"}),
    )


class ResponseForm(forms.Form):
    text = forms.CharField(
        label=_("Your response"), max_length=RESPONSE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    submission_token = SubmissionTokenField()
