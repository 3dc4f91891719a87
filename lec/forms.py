"""Forms clean input only; the rules live in lec.services (their errors land on these fields)."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from common.dates import PlausibleDateField
from common.forms import VersionField
from common.idempotency import SubmissionTokenField

from .models import (
    ActionStatus,
    ClosingChoice,
    Domain,
    Eligibility,
    Outcome,
    Owner,
    Partner,
    Severity,
    Source,
    Status,
    TriageRecommendation,
    Urgency,
    closing_decision_field,
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

    def __init__(self, *args, actions=(), **kwargs):
        """One question per plan action still open: what becomes of it when the case closes."""
        super().__init__(*args, **kwargs)
        self.action_fields: dict[str, int] = {}
        for action in actions:
            name = closing_decision_field(action.pk)
            self.fields[name] = forms.ChoiceField(
                label=_("Open action: %(action)s (due %(date)s)") % {
                    "action": Truncator(action.description).chars(80),
                    "date": date_format(action.due_date, "SHORT_DATE_FORMAT")},
                choices=[("", "---------"), *ClosingChoice.choices], required=False,
            )
            self.action_fields[name] = action.pk

    def action_decisions(self) -> dict[int, str]:
        """{plan action id: ClosingChoice} as chosen ("" where nothing was chosen)."""
        return {pk: self.cleaned_data.get(name, "") for name, pk in self.action_fields.items()}


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


class FirstLineDoneForm(VersionedForm):
    """The counsellor marks an action of the LEC's plan done (a short note is optional)."""

    note = forms.CharField(label=_("Note for the LEC (optional)"), required=False,
                           max_length=1000, widget=forms.TextInput)


class TriageAdviceForm(forms.Form):
    submission_token = SubmissionTokenField()  # common.idempotency
    recommendation = forms.ChoiceField(
        label=_("Your recommendation"), widget=forms.RadioSelect,
        choices=TriageRecommendation.choices, required=False)
    text = forms.CharField(
        label=_("Advice to the LEC"), widget=forms.Textarea(attrs=TEXTAREA), max_length=4000,
        required=False,
        help_text=_("What the team knows and what you suggest. The LEC decides."))


class ConsultationForm(forms.Form):
    submission_token = SubmissionTokenField()  # common.idempotency
    coordinator = forms.ModelChoiceField(label=_("Care coordinator"), queryset=None,
                                         required=False)
    question = forms.CharField(
        label=_("Your question"), widget=forms.Textarea(attrs=TEXTAREA), max_length=4000,
        required=False,
        help_text=_("What worries you and what you would like to talk over. Facts, no "
                    "diagnoses."))

    def __init__(self, *args, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinators
        if len(coordinators) == 1:
            self.fields["coordinator"].initial = coordinators[0].pk
            self.fields["coordinator"].empty_label = None


class ConsultationAnswerForm(VersionedForm):
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs=TEXTAREA),
                             max_length=4000, required=False)


class FirstLineListForm(forms.Form):
    scope = forms.ChoiceField(label=_("Whose"), required=False, choices=[
        ("mine", _("Mine (referred by me or my caseload)")), ("team", _("My teams"))])
    state = forms.ChoiceField(label=_("Open or closed"), required=False, choices=[
        ("open", _("Open")), ("closed", _("Closed or returned")), ("all", _("All"))])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *Status.choices])
