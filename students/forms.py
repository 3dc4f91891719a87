from django import forms
from django.utils.translation import gettext_lazy as _

from staff.models import Team, User
from staff.roles import Role

from .models import Pathway, StudentStatus


class StudentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=None, required=False
    )
    pathway = forms.ChoiceField(
        label=_("Pathway"), choices=[("", "---------"), *Pathway.choices], required=False
    )
    study_year = forms.TypedChoiceField(
        label=_("Study year"),
        choices=[("", "---------")] + [(i, str(i)) for i in range(1, 5)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    counsellor = forms.ModelChoiceField(
        label=_("Counsellor"), queryset=User.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *StudentStatus.choices],
        required=False,
    )

    def __init__(self, *args, programmes, teams, counsellors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["team"].queryset = teams
        self.fields["counsellor"].queryset = counsellors
        for name, field in self.fields.items():
            css = "form-control" if name == "q" else "form-select"
            field.widget.attrs.setdefault("class", css)


def counsellors_of_college(college_id):
    return User.objects.filter(
        college_id=college_id, is_active=True, groups__name=Role.COUNSELLOR
    ).distinct()


class StudentImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Export from the student information system: comma or semicolon separated, "
            "UTF-8 (with or without BOM) or Latin-1."
        ),
    )
