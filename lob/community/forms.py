from django import forms
from django.utils.translation import gettext_lazy as _

from common.dates import PlausibleDateTimeField
from common.forms import VersionField
from common.widgets import DateTimeLocalInput
from students.models import Competency

from .models import AlumnusFrequency, AlumnusOffer, MeetingKind

YEARS = [(y, str(y)) for y in range(1, 5)]


class MaterialFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    competency = forms.ChoiceField(label=_("Career competency"), required=False,
                                   choices=[("", _("All"))] + Competency.choices)
    study_year = forms.TypedChoiceField(label=_("Study year"), required=False, coerce=int,
                                        empty_value=None, choices=[("", _("All"))] + YEARS)
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    mine = forms.BooleanField(label=_("Only mine"), required=False)

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("All teams"))] + [(t.pk, t.name) for t in teams]


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    team = forms.TypedChoiceField(label=_("Share with"), required=False, coerce=int,
                                  empty_value=None)
    competencies = forms.MultipleChoiceField(
        label=_("Career competencies"), choices=Competency.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    study_year_from = forms.TypedChoiceField(label=_("From study year"), choices=YEARS,
                                             coerce=int, initial=1)
    study_year_to = forms.TypedChoiceField(label=_("To study year"), choices=YEARS, coerce=int,
                                           initial=4)
    file = forms.FileField(label=_("File"), required=False,
                           help_text=_("PDF, Word, PowerPoint, Excel, OpenDocument or an image."))
    link = forms.URLField(label=_("Or a link"), required=False, max_length=500,
                          assume_scheme="https")

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("The whole college"))] + [
            (t.pk, t.name) for t in teams]


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(label=_("Your rating"), coerce=int,
                                   choices=[(n, str(n)) for n in range(1, 6)])


class UseForm(forms.Form):
    session = forms.TypedChoiceField(label=_("In group session"), required=False, coerce=int,
                                     empty_value=None)

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", _("Not linked to a session"))] + [
            (s.pk, f"{s.held_at:%d-%m-%Y} {s.group.name if s.group else ''}") for s in sessions]


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int,
                                  empty_value=None)
    starts_at = PlausibleDateTimeField(label=_("Date and time"), widget=DateTimeLocalInput())
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=15,
                                          max_value=480, initial=90)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    invitees = forms.TypedMultipleChoiceField(
        label=_("Invite"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple)
    plan_action = forms.TypedChoiceField(label=_("Carries out this action of the team plan"),
                                         required=False, coerce=int, empty_value=None)

    def __init__(self, *args, teams=(), colleagues=(), actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("Across teams"))] + [(t.pk, t.name) for t in teams]
        # Grouped by team, names with their e-mail address: no two colleagues look alike.
        groups: dict[str, list] = {}
        for team_name, user in colleagues:
            groups.setdefault(team_name, []).append(
                (user.pk, f"{user.get_full_name()} ({user.email})"))
        self.fields["invitees"].choices = list(groups.items())
        self.fields["plan_action"].choices = [("", "—")] + [
            (a.pk, f"{a.plan.team.name}: {a.description[:80]}") for a in actions]


class MeetingRecordForm(forms.Form):
    present = forms.TypedMultipleChoiceField(label=_("Present"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    agreements = forms.CharField(label=_("Agreements"), required=False, max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    materials = forms.TypedMultipleChoiceField(label=_("Materials shown"), coerce=int,
                                               required=False,
                                               widget=forms.CheckboxSelectMultiple)
    version = VersionField()

    def __init__(self, *args, attendees=(), materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(a.user_id, a.user.get_full_name()) for a in attendees]
        self.fields["materials"].choices = [(m.pk, m.title) for m in materials]


class CaseForm(forms.Form):
    description = forms.CharField(label=_("Question or case"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    student = forms.TypedChoiceField(label=_("Student (only within the team)"), required=False,
                                     coerce=int, empty_value=None)

    def __init__(self, *args, students=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].choices = [("", _("Anonymous"))] + [
            (s.pk, f"{s.last_name}, {s.first_name}") for s in students]


CaseFormSet = forms.formset_factory(CaseForm, extra=3, max_num=20)


class AlumniFilterForm(forms.Form):
    programme = forms.TypedChoiceField(label=_("Programme"), required=False, coerce=int,
                                       empty_value=None)
    sector = forms.CharField(label=_("Sector or work"), required=False, max_length=100)
    offer = forms.ChoiceField(label=_("Willing to"), required=False,
                              choices=[("", _("Anything"))] + AlumnusOffer.choices)

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", _("All programmes"))] + [
            (p.pk, p.name) for p in programmes]


class AlumnusJoinForm(forms.Form):
    current_work = forms.CharField(label=_("What do you do now (work or study)?"),
                                   max_length=200)
    sector = forms.CharField(label=_("In which sector?"), max_length=100)
    offers = forms.MultipleChoiceField(label=_("What would you like to do?"),
                                       choices=AlumnusOffer.choices,
                                       widget=forms.CheckboxSelectMultiple)
    frequency = forms.ChoiceField(label=_("How often?"), choices=AlumnusFrequency.choices,
                                  widget=forms.RadioSelect)
    consent = forms.BooleanField(label=_(
        "I agree that counsellors of my old school see these answers, my name, programme and "
        "e-mail address, and invite me. I can withdraw at any moment."))


class AlumnusInviteForm(forms.Form):
    session = forms.TypedChoiceField(label=_("Group session"), coerce=int)
    message = forms.CharField(label=_("Message"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [
            (s.pk, f"{s.held_at:%d-%m-%Y %H:%M} {s.group.name if s.group else ''}")
            for s in sessions]
