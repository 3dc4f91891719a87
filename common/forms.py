"""Form pieces shared by every app: service errors onto a form, the hidden edit version, a
formset whose row counts are checked."""

from collections.abc import Sequence

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.formsets import ManagementForm
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


def apply_service_errors(form: forms.BaseForm, exc: ValidationError, *,
                         rows: Sequence[forms.BaseForm] = ()) -> None:
    """Put a service's ValidationError on the form the user submitted.

    A key naming one of the form's fields goes to that field. A dotted key
    "<list>.<index>.<field>" names a row the service was given: it goes to `rows[index]` (the
    formset's forms in the order the service saw them) at <field>; without such a row it goes to
    the form's own <field>. Anything else, and an error without fields, goes on top of the form.
    The errors keep their codes, so a view or test can ask `form.has_error(NON_FIELD_ERRORS, code="stale")`.
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for key, errors in exc.error_dict.items():
        target, field = form, key
        if key.count(".") == 2:
            _, index, field = key.split(".")
            if index.isdigit() and int(index) < len(rows):
                target = rows[int(index)]
        if field == NON_FIELD_ERRORS or field not in target.fields:
            field = None
        target.add_error(field, errors)


class VersionField(forms.IntegerField):
    """The hidden version an edit form was built on (see common.concurrency)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("error_messages", {
            "required": _("This form is incomplete: reload the page."),
        })
        super().__init__(**kwargs)


class _CheckedManagementForm(ManagementForm):
    """The formset's row counts, refused when negative: `TOTAL_FORMS=-1` would otherwise make
    a bound formset of no rows, valid, silently dropping every row the user filled in."""

    TOTAL_FORMS = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    INITIAL_FORMS = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CheckedFormSet(forms.BaseFormSet):
    """A formset whose management form is validated: tampered counts make the formset
    invalid with Django's "missing or tampered" message, and nothing is saved."""

    @cached_property
    def management_form(self):
        if not self.is_bound:
            return super().management_form
        form = _CheckedManagementForm(self.data, auto_id=self.auto_id, prefix=self.prefix,
                                      renderer=self.renderer)
        form.full_clean()
        return form
