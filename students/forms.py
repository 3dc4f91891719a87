from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.dates import PlausibleDateField, PlausibleDateTimeField
from common.forms import CheckedFormSet, VersionField
from common.idempotency import SubmissionTokenField
from staff.models import User

from .models import (
    AMENDMENT_MAX_LENGTH,
    INTAKE_ITEMS,
    SUMMARY_MAX_LENGTH,
    Competency,
    FollowUpStatus,
    Pathway,
    SessionFormat,
    SessionKind,
    SessionLocation,
    Student,
    StudentStatus,
)


def _id_choice(label):
    return forms.TypedChoiceField(label=label, coerce=int, empty_value=None, required=False)


class StudentFilterForm(forms.Form):
    """The student list's filters. Teams, programmes and counsellors come as (id, label) pairs
    of what the user may filter on; a value outside them is refused, never looked up."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    team = _id_choice(_("Team"))
    programme = _id_choice(_("Programme"))
    pathway = forms.ChoiceField(
        label=_("Pathway"), choices=[("", "---------"), *Pathway.choices], required=False,
    )
    study_year = forms.TypedChoiceField(
        label=_("Study year"),
        choices=[("", "---------")] + [(i, str(i)) for i in range(1, 5)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    counsellor = _id_choice(_("Counsellor"))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *StudentStatus.choices],
        required=False,
    )

    def __init__(self, *args, teams, programmes, counsellors, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in (("team", teams), ("programme", programmes),
                              ("counsellor", counsellors)):
            self.fields[name].choices = [("", "---------"), *choices]
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-control" if name == "q" else "form-select")


class StudentImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("students", _("Students (the register)")), ("absences", _("Absences"))],
        initial="students",
        required=False,  # empty: students (as before this choice existed)
    )
    full_export = forms.BooleanField(
        label=_("The file lists every enrolled student of the college"),
        help_text=_("Active students the file leaves out are then listed under “Missing from the export” for you to look into; nobody is deleted."),
        required=False,
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Export from the student information system: comma or semicolon separated, "
            "UTF-8 (with or without BOM) or Latin-1."
        ),
    )


# --- First line -------------------------------------------------------------------------------


YES_NO_UNKNOWN = [("", _("Not noted")), ("yes", _("Yes")), ("no", _("No"))]


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        if isinstance(widget, forms.HiddenInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class _LookedUpStudentField(forms.ModelChoiceField):
    """A student chosen by id and read by the view's `lookup(pk) -> Student | None` (a
    selector that scopes it), not by the field's own queryset."""

    lookup = None

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            pk = int(value)
        except (TypeError, ValueError):
            pk = None
        found = pk is not None and pk > 0 and self.lookup is not None
        student = self.lookup(pk) if found else None
        if student is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return student


class SessionForm(forms.Form):
    """What a counsellor writes about a session. The rules live in `services.session_log`;
    this form only turns the POST into typed values."""

    student = _LookedUpStudentField(
        label=_("Student"),
        queryset=Student.objects.none(),
        error_messages={"invalid_choice": _("You cannot log a session for this student.")},
    )
    present = forms.MultipleChoiceField(
        label=_("Present"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Only students of this group can be marked present.")},
        help_text=_("Untick who was absent."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    held_at = PlausibleDateTimeField(label=_("Date and time"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        widget=forms.NumberInput(attrs={"min": 1, "max": 480, "step": 5, "inputmode": "numeric"}),
    )
    location = forms.ChoiceField(label=_("Location"), choices=SessionLocation.choices)
    could_speak_freely = forms.TypedChoiceField(
        label=_("Could the student speak freely?"),
        choices=YES_NO_UNKNOWN,
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "This conversation took place in an open space where others may hear it. "
            "Note whether the student could speak freely."
        ),
    )
    competencies = forms.MultipleChoiceField(
        label=_("Career competencies addressed"),
        choices=Competency.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
        max_length=SUMMARY_MAX_LENGTH,
    )
    agreements = forms.CharField(
        label=_("Agreements"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        max_length=SUMMARY_MAX_LENGTH,
    )
    shared_summary = forms.CharField(
        label=_("Summary for the student"), widget=forms.Textarea(attrs={"rows": 3}),
        required=False, max_length=SUMMARY_MAX_LENGTH,
        help_text=_("The student reads this in their portal. In a group session every student "
                    "of the group reads it: name no one."),
    )
    shared_agreements = forms.CharField(
        label=_("Agreements with the student"), widget=forms.Textarea(attrs={"rows": 3}),
        required=False, max_length=SUMMARY_MAX_LENGTH,
        help_text=_("Shown to the student in their portal."),
    )
    shared_with_guardians = forms.BooleanField(
        label=_("Also share these agreements with the parents"), required=False,
        help_text=_("Parents see them while the student is under 18, or when the student "
                    "(18 or older) allows it."),
    )
    intake = forms.MultipleChoiceField(
        label=_("Intake checklist"),
        choices=[(name, label) for name, label in INTAKE_ITEMS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    # Logging: the form's one-time token (see GuidanceSession.submission_token); editing: the
    # version the form was built on (common.concurrency). The view removes the one it does
    # not need.
    submission_token = SubmissionTokenField()
    version = VersionField(required=False)

    def __init__(self, *args, format: str, student_lookup=None, student_choices=list,
                 members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.format = format
        if format == SessionFormat.INDIVIDUAL:
            del self.fields["present"]
            # Any student id validates as a choice: the service answers "not yours" with the
            # same message as "does not exist".
            self.fields["student"].lookup = student_lookup
            # A callable: the list is only read when the form is rendered.
            self.fields["student"].choices = lambda: [("", "---------"), *student_choices()]
            # No kind chosen for the counsellor unless the view knows the student (then
            # selectors.suggested_session_kind): never "Intake" for whoever comes first.
            self.fields["kind"].choices = [("", "---------")] + [
                c for c in SessionKind.choices if c[0] != SessionKind.GROUP_LESSON
            ]
        else:
            del self.fields["student"]
            del self.fields["could_speak_freely"]
            del self.fields["intake"]
            self.fields["present"].choices = [(str(s.pk), s.full_name) for s in members]
            self.fields["kind"].choices = [
                c for c in SessionKind.choices if c[0] != SessionKind.INTAKE
            ]
        _styled(self)

    def content(self):
        from .services import SessionContent

        data = self.cleaned_data
        return SessionContent(
            held_at=data["held_at"],
            duration_minutes=data["duration_minutes"],
            kind=data["kind"],
            location=data["location"],
            competencies=data["competencies"],
            summary=data["summary"],
            agreements=data["agreements"],
            could_speak_freely=data.get("could_speak_freely"),
            intake=data.get("intake", ()),
            shared_summary=data["shared_summary"],
            shared_agreements=data["shared_agreements"],
            shared_with_guardians=data["shared_with_guardians"],
        )


class FollowUpForm(forms.Form):
    """One follow-up row; an untouched row is skipped."""

    description = forms.CharField(label=_("Follow-up"), max_length=300, required=False)
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("The owner must be a staff member of the student's team.")
        },
    )
    due_date = PlausibleDateField(label=_("Due date"), required=False)
    student = forms.ModelChoiceField(
        label=_("For"),
        queryset=Student.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a student who took part.")},
    )
    student_owned = forms.BooleanField(
        label=_("The student does this"), required=False,
        help_text=_("An actiepunt in the student's portal: they tick it off there. The owner "
                    "keeps an eye on it."),
    )

    def __init__(self, *args, owners=(), members=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Any user id validates here; the service says whether they may own it.
        self.fields["owner"].queryset = User.objects.all()
        # A callable: the list is only read when the row is rendered.
        self.fields["owner"].choices = lambda: [(u.pk, u.get_full_name()) for u in owners]
        if members is None:
            del self.fields["student"]
        else:
            self.fields["student"].queryset = Student.objects.filter(
                pk__in=[s.pk for s in members]
            )
            self.fields["student"].widget.choices = [("", "---------")] + [
                (s.pk, s.full_name) for s in members
            ]
        _styled(self)

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("description") or "").strip() and not data.get("due_date")

    def clean(self):
        data = super().clean()
        if (data.get("description") or "").strip() or data.get("due_date"):
            if not (data.get("description") or "").strip():
                self.add_error("description", _("Say what needs doing."))
            if not data.get("due_date") and "due_date" not in self.errors:
                self.add_error("due_date", _("Give a due date."))
            if not data.get("owner") and "owner" not in self.errors:
                self.add_error("owner", _("Choose who does it."))
        return data

    def item(self):
        from .services import FollowUpInput

        data = self.cleaned_data
        return FollowUpInput(
            description=data["description"],
            owner=data["owner"],
            due_date=data["due_date"],
            student=data.get("student"),
            student_owned=bool(data.get("student_owned")),
        )


class FollowUpAddForm(FollowUpForm):
    """The session page's form for one more follow-up, with its one-time token."""

    submission_token = SubmissionTokenField()


FollowUpFormSet = forms.formset_factory(FollowUpForm, formset=CheckedFormSet, extra=1, max_num=20,
                                        absolute_max=20)


class FollowUpCloseForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(FollowUpStatus.DONE, _("Done")), (FollowUpStatus.CANCELLED, _("Cancelled"))]
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = VersionField(required=False)


class FollowUpHandoverForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Hand over to"),
        queryset=User.objects.none(),
        error_messages={
            "invalid_choice": _("The owner must be a staff member of the student's team.")
        },
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = VersionField(required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.all()
        self.fields["owner"].widget.choices = [("", "---------")] + [
            (u.pk, u.get_full_name()) for u in owners
        ]
        _styled(self)


class AmendmentForm(forms.Form):
    text = forms.CharField(label=_("Correction"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=AMENDMENT_MAX_LENGTH)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class CounsellorChangeForm(forms.Form):
    counsellor = forms.ModelChoiceField(
        label=_("New counsellor"),
        queryset=User.objects.none(),
        error_messages={"invalid_choice": _("Choose a counsellor of this team.")},
    )
    handover_note = forms.CharField(
        label=_("Handover note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What the new counsellor needs to know. Required when there was a counsellor."),
    )
    # The counsellor the page showed (0: none), so that a change made meanwhile in another tab
    # is not silently overwritten (students.services.continuity).
    current = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1,
                                 widget=forms.HiddenInput)

    def __init__(self, *args, counsellors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = counsellors
        _styled(self)


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    flag = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All")),
            ("not_seen", _("Not seen")),
            ("overdue", _("Overdue follow-ups")),
            ("open", _("Open follow-ups")),
            ("intake", _("Intake missing, late or incomplete")),
            ("absence", _("Absence above the threshold")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("last_session", _("Longest not seen")),
            ("overdue", _("Overdue follow-ups")),
            ("intake", _("Intake")),
            ("absence", _("Most absent")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)
        weeks = settings.LOB_NOT_SEEN_WEEKS
        self.fields["flag"].choices = [
            (value, _("Not seen for %(weeks)s weeks") % {"weeks": weeks} if value == "not_seen"
             else label)
            for value, label in self.fields["flag"].choices
        ]
