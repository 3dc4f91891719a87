from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from students.models import Pathway

from .periods import school_year_of, shown_years, year_label
from .selectors import Filters


class FilterForm(forms.Form):
    """The school year and the split a dashboard shows (GET). A bad value is reported at its
    field and the default is used instead."""

    year = forms.TypedChoiceField(label=_("School year"), coerce=int, required=False)
    pathway = forms.ChoiceField(
        label=_("Pathway"), required=False,
        choices=[("", _("BOL and BBL")), *Pathway.choices],
    )
    study_year = forms.TypedChoiceField(
        label=_("Study year"), coerce=int, required=False, empty_value=None,
        choices=[("", _("All study years"))] + [(str(y), str(y)) for y in range(1, 5)],
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["year"].choices = [(str(y), year_label(y)) for y in shown_years(self.today)]

    def filters(self) -> Filters:
        default = school_year_of(self.today)
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return Filters(
            year=data.get("year") or default,
            pathway=data.get("pathway") or "",
            study_year=data.get("study_year"),
            today=self.today,
        )
