from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from common.dates import PlausibleDateTimeField
from common.idempotency import SubmissionTokenField
from common.widgets import DateTimeLocalInput
from students.models import SUMMARY_MAX_LENGTH, Competency

from .models import Rating


class PlacementFilterForm(forms.Form):
    q = forms.CharField(label=_("Student or company"), required=False, max_length=100)
    mine = forms.BooleanField(label=_("Only my caseload"), required=False)
    due = forms.BooleanField(label=_("Only without a visit this period"), required=False)


class VisitForm(forms.Form):
    held_at = PlausibleDateTimeField(label=_("Date and time"), widget=DateTimeLocalInput())
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=480, initial=45,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}))
    competencies = forms.MultipleChoiceField(
        label=_("Career competencies"), choices=Competency.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}),
                              max_length=SUMMARY_MAX_LENGTH)
    agreements = forms.CharField(label=_("Agreements"), widget=forms.Textarea(attrs={"rows": 3}),
                                 max_length=SUMMARY_MAX_LENGTH, required=False)
    submission_token = SubmissionTokenField()


class TrainerReportForm(forms.Form):
    attendance = forms.TypedChoiceField(
        label=_("Attendance and punctuality"), choices=Rating.choices, coerce=int,
        widget=forms.RadioSelect)
    attitude = forms.TypedChoiceField(
        label=_("Attitude at work"), choices=Rating.choices, coerce=int, widget=forms.RadioSelect)
    progress = forms.TypedChoiceField(
        label=_("Progress on the work-process tasks"), choices=Rating.choices, coerce=int,
        widget=forms.RadioSelect)
    remarks = forms.CharField(
        label=_("Anything the school should know?"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}))


class PlacementImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.LOB_IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (at most %(limit)s).") % {
                "limit": filesizeformat(settings.LOB_IMPORT_MAX_BYTES)})
        return upload
