"""Forms clean input only; the rules live in the services."""

from itertools import groupby

from django import forms
from django.utils.translation import gettext_lazy as _

from common.dates import PlausibleDateField
from common.forms import VersionField
from common.idempotency import SubmissionTokenField

from .models import (
    ActionStatus,
    AppraisalRating,
    GoalStatus,
    RoleProfile,
    Score,
    Stage,
    Standard,
    StandardScore,
    TrainingArea,
    TrainingStatus,
    User,
)


class ScoresForm(forms.Form):
    """One score and one text per competency (self-assessment, manager, 360 answers)."""

    version = VersionField(required=False)

    def __init__(self, *args, competencies, text_label, allow_blank=False, initial_rows=None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        blank_label = _("Cannot judge") if allow_blank else "---------"
        for c in competencies:
            score, text = (initial_rows or {}).get(c.pk, (None, ""))
            self.fields[f"score_{c.pk}"] = forms.TypedChoiceField(
                label=_("Score"),
                choices=[("", blank_label), *Score.choices],
                coerce=int,
                empty_value=None,
                required=not allow_blank,
                initial=score,
                error_messages={
                    "invalid_choice": _("Give a score from 1 to 5."),
                    "required": _("Give a score."),
                },
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"text_{c.pk}"] = forms.CharField(
                label=text_label,
                required=False,
                max_length=4000,
                initial=text,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def categories(self):
        """[(category, [(competency, score field, text field), ...]), ...] for the template."""
        rows = [(c, self[f"score_{c.pk}"], self[f"text_{c.pk}"]) for c in self.competencies]
        return [(cat, list(items)) for cat, items in groupby(rows, key=lambda r: r[0].category)]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"text_{c.pk}"])
            for c in self.competencies
        }


class CycleFilterForm(forms.Form):
    school_year = forms.TypedChoiceField(label=_("School year"), coerce=int, required=False,
                                         empty_value=None)
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False)
    stage = forms.ChoiceField(label=_("Stage"), choices=[("", _("All")), *Stage.choices],
                              required=False)

    def __init__(self, *args, years, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [("", _("All"))] + [(y, f"{y}-{y + 1}") for y in years]
        self.fields["team"].queryset = teams
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class CycleOpenForm(forms.Form):
    employee = forms.ModelChoiceField(
        label=_("Employee"), queryset=User.objects.none(),
        error_messages={"invalid_choice": _("Choose a member of a team you manage.")},
    )
    school_year = forms.TypedChoiceField(label=_("School year"), coerce=int)
    role_profile = forms.ChoiceField(
        label=_("Role profile"), required=False,
        choices=[("", _("Core competencies only")), *RoleProfile.choices],
        help_text=_("Adds the LOB competencies of this role to the core categories."),
    )

    def __init__(self, *args, employees, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        self.fields["school_year"].choices = [(y, f"{y}-{y + 1}") for y in years]


class MeetingPlanForm(forms.Form):
    planned_on = PlausibleDateField(label=_("Planned on"))


class MeetingRecordForm(forms.Form):
    held_on = PlausibleDateField(label=_("Held on"))
    report = forms.CharField(label=_("Report"), max_length=10000,
                             widget=forms.Textarea(attrs={"rows": 6}))
    rating = forms.ChoiceField(label=_("Appraisal"), choices=[("", "---------"),
                                                             *AppraisalRating.choices])

    def __init__(self, *args, appraisal: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not appraisal:
            del self.fields["rating"]


class InviteForm(forms.Form):
    """Several colleagues at once, grouped by team (selectors.invitable_colleagues); each
    named with their e-mail address, since names repeat in a college."""

    raters = forms.MultipleChoiceField(
        label=_("Colleagues"), widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one colleague."),
            "invalid_choice": _("Choose colleagues of your own college who have not been "
                                "invited yet."),
        },
    )
    deadline = PlausibleDateField(label=_("Deadline"))

    def __init__(self, *args, colleagues: list[tuple[str, list]], **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(u.pk): u for _label, users in colleagues for u in users}
        self.groups = [
            (label, [(str(u.pk), f"{u.get_full_name()} · {u.email}") for u in users])
            for label, users in colleagues
        ]
        self.fields["raters"].choices = self.groups

    def clean_raters(self):
        return [self.people[pk] for pk in self.cleaned_data["raters"]]

    @property
    def chosen(self) -> set[str]:
        return {str(v) for v in (self["raters"].value() or [])}


class ResponseForm(forms.Form):
    text = forms.CharField(label=_("Your response to the assessment"), max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    version = VersionField(required=False)


class GoalForm(forms.Form):
    submission_token = SubmissionTokenField()  # common.idempotency
    competency = forms.ModelChoiceField(label=_("Competency"), queryset=None, required=False,
                                        error_messages={"invalid_choice": _("Choose one of this cycle's competencies.")})
    goal = forms.CharField(label=_("Goal"), max_length=300)
    actions = forms.CharField(label=_("Actions"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = competencies


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class TrainingForm(forms.Form):
    submission_token = SubmissionTokenField()  # common.idempotency
    area = forms.ChoiceField(label=_("Area"), choices=TrainingArea.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    hours = forms.DecimalField(label=_("Hours"), max_digits=5, decimal_places=1)
    status = forms.ChoiceField(label=_("Status"), choices=TrainingStatus.choices)
    completed_on = PlausibleDateField(label=_("Completed on"), required=False)
    goal = forms.ModelChoiceField(label=_("Goal"), queryset=None, required=False)

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals


class TrainingStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TrainingStatus.choices)
    completed_on = PlausibleDateField(label=_("Completed on"), required=False)


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role_profile = forms.ChoiceField(
        label=_("Role profile"), required=False,
        choices=[("", _("Core category (everybody)")), *RoleProfile.choices],
    )
    revision = VersionField()


class CompetencyForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    criteria = forms.CharField(
        label=_("Behavioural criteria"), required=False, max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}), help_text=_("One criterion per line."),
    )
    revision = VersionField()

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        if categories is None:
            del self.fields["category"]
        else:
            self.fields["category"].queryset = categories

    def criteria_lines(self) -> list[str]:
        return self.cleaned_data["criteria"].splitlines()


class TeamPlanForm(forms.Form):
    training_section = forms.CharField(
        label=_("Training section"), required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What the team learns this school year and why (scholingsparagraaf)."),
    )
    version = VersionField(required=False)


class TeamActionForm(forms.Form):
    submission_token = SubmissionTokenField()  # common.idempotency
    description = forms.CharField(label=_("Action"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    standard = forms.ModelChoiceField(label=_("Standard"), queryset=Standard.objects.none(),
                                      required=False)
    due_on = PlausibleDateField(label=_("Due on"), required=False)

    def __init__(self, *args, standards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = standards


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class ProgressReviewForm(forms.Form):
    term = forms.TypedChoiceField(
        label=_("Review"), coerce=int,
        choices=[(1, _("First review")), (2, _("Second review")), (3, _("Third review"))],
    )
    held_on = PlausibleDateField(label=_("Held on"))
    participants = forms.CharField(label=_("Participants"), required=False, max_length=500)
    notes = forms.CharField(label=_("Notes and agreements"), max_length=20000,
                            widget=forms.Textarea(attrs={"rows": 6}))


class StandardsForm(forms.Form):
    """Per active criterion: score, evidence and planned action."""

    def __init__(self, *args, standards, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.standards = standards
        for standard in standards:
            for criterion in standard.criteria.all():
                current = assessments.get(criterion.pk)
                self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                    label=_("Score"), coerce=int, empty_value=None, required=False,
                    choices=[("", _("Not assessed")), *StandardScore.choices],
                    initial=current.score if current else None,
                    error_messages={"invalid_choice": _("Give a score from 1 to 4.")},
                    widget=forms.Select(attrs={"class": "form-select"}),
                )
                self.fields[f"evidence_{criterion.pk}"] = forms.CharField(
                    label=_("Evidence"), required=False, max_length=4000,
                    initial=current.evidence if current else "",
                    widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                )
                self.fields[f"action_{criterion.pk}"] = forms.CharField(
                    label=_("Planned action"), required=False, max_length=4000,
                    initial=current.planned_action if current else "",
                    widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                )

    def sections(self):
        return [
            (s, [(c, self[f"score_{c.pk}"], self[f"evidence_{c.pk}"], self[f"action_{c.pk}"])
                 for c in s.criteria.all()])
            for s in self.standards
        ]

    def rows(self) -> dict[int, tuple[int | None, str, str]]:
        data = self.cleaned_data
        return {
            c.pk: (data[f"score_{c.pk}"], data[f"evidence_{c.pk}"], data[f"action_{c.pk}"])
            for s in self.standards for c in s.criteria.all()
        }


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Export from the HR system: comma, semicolon or tab separated, UTF-8 "
                    "(with or without BOM), UTF-16, Windows-1252 or Latin-1."),
    )
    full_export = forms.BooleanField(
        label=_("This file lists every member of staff of the college"), required=False,
        help_text=_("Then accounts of the college that are not in the file are switched off."),
    )
