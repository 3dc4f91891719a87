"""Forms clean input only; the rules live in lec.services (their errors land on these fields)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import PlausibleDateField
from common.forms import VersionField
from common.idempotency import SubmissionTokenField

from .models import (
    ActionStatus,
    Domain,
    Eligibility,
    Outcome,
    Owner,
    Partner,
    Severity,
    Source,
    Status,
    Urgency,
)

TEXTAREA = {"rows": 3}


class VersionedForm(forms.Form):
    """Carries the version of the case the form was built on (stale forms are refused)."""

    version = VersionField()



class ReferralForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Referred by"),
        choices=[(Source.INTAKE, Source.INTAKE.label), (Source.SELF, Source.SELF.label),
                 (Source.EXTERNAL, Source.EXTERNAL.label)],
        initial=Source.INTAKE,
    )
    reason = forms.CharField(
        label=_("Reason for the referral"),
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=4000,
        help_text=_("What worries you? Facts and what the student said, no diagnoses."),
    )
    concern_domains = forms.MultipleChoiceField(
        label=_("Concern domains"), choices=Domain.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one concern domain.")},
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices,
                                initial=Urgency.NORMAL, widget=forms.RadioSelect)
    tried = forms.CharField(label=_("What has been tried already"),
                            widget=forms.Textarea(attrs=TEXTAREA), max_length=4000)
    student_knows = forms.BooleanField(label=_("The student knows about this referral"),
                                       required=False)
    student_agrees = forms.BooleanField(label=_("The student agrees with this referral"),
                                        required=False)

    def __init__(self, *args, lec_staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not lec_staff:
            del self.fields["source"]  # the first line refers as the programme team


class AcceptForm(VersionedForm):
    trajectory = forms.ChoiceField(label=_("Trajectory"), choices=Eligibility.choices,
                                   widget=forms.RadioSelect)
    justification = forms.CharField(
        label=_("Justification"), required=False, widget=forms.Textarea(attrs=TEXTAREA),
        max_length=2000,
        help_text=_("Required when you offer more than the student is eligible for."),
    )


class ReturnForm(VersionedForm):
    feedback = forms.CharField(
        label=_("Advice to the first line"), widget=forms.Textarea(attrs=TEXTAREA),
        required=False, max_length=4000,
        help_text=_("Why the LEC does not take this on and what the team can do now."),
    )


class WorkerForm(VersionedForm):
    worker = forms.ModelChoiceField(label=_("LEC worker"), queryset=None)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


class AdvanceForm(VersionedForm):
    to_status = forms.ChoiceField(
        widget=forms.HiddenInput,
        choices=[(Status.PLAN, Status.PLAN.label), (Status.IN_PROGRESS, Status.IN_PROGRESS.label)],
    )
    evaluation_date = PlausibleDateField(label=_("Evaluation date"), required=False)


class CloseForm(VersionedForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "---------"), *Outcome.choices],
                                required=False)
    feedback = forms.CharField(
        label=_("Feedback to the first line"), widget=forms.Textarea(attrs=TEXTAREA),
        required=False, max_length=4000,
        help_text=_("Read by the counsellor and the care coordinator: no medical, justice or "
                    "family details."),
    )


class FindingForm(forms.Form):
    submission_token = SubmissionTokenField()  # common.idempotency
    domain = forms.ChoiceField(label=_("Life domain"), choices=[("", "---------"), *Domain.choices])
    severity = forms.ChoiceField(label=_("Severity"),
                                 choices=[("", "---------"), *Severity.choices])
    description = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs=TEXTAREA),
                                  max_length=4000)


class InstrumentForm(forms.Form):
    submission_token = SubmissionTokenField()  # common.idempotency
    instrument = forms.CharField(label=_("Instrument"), max_length=200)
    administered_on = PlausibleDateField(label=_("Administered on"),
                                      initial=timezone.localdate)
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs=TEXTAREA),
                             max_length=4000)
    interpretation = forms.CharField(label=_("Interpretation"),
                                     widget=forms.Textarea(attrs=TEXTAREA), max_length=4000)


class PlanActionForm(forms.Form):
    submission_token = SubmissionTokenField()  # common.idempotency
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}),
                                  max_length=2000)
    owner = forms.ChoiceField(
        label=_("Owner"), choices=[("", "---------"), *Owner.choices], required=False,
        help_text=_("The student first: niet pamperen maar peperen."),
    )
    partner = forms.ChoiceField(label=_("Partner involved"),
                                choices=[("", _("none")), *Partner.choices], required=False)
    due_date = PlausibleDateField(label=_("Due date"), required=False)


class ActionUpdateForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}),
                              required=False, max_length=2000)


class NoteForm(forms.Form):
    submission_token = SubmissionTokenField()  # common.idempotency
    partner = forms.ChoiceField(label=_("From partner"),
                                choices=[("", _("none")), *Partner.choices], required=False)
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs=TEXTAREA),
                           max_length=4000)


class FeedbackForm(forms.Form):
    submission_token = SubmissionTokenField()  # common.idempotency
    text = forms.CharField(
        label=_("Feedback to the first line"), widget=forms.Textarea(attrs=TEXTAREA),
        max_length=4000, required=False,
        help_text=_("Read by the counsellor and the care coordinator: no medical, justice or "
                    "family details."),
    )


class AccessLogFilterForm(forms.Form):
    referral = forms.IntegerField(label=_("Case number"), required=False, min_value=1)
    user = forms.ModelChoiceField(label=_("Staff member"), queryset=None, required=False)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
