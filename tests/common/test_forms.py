"""apply_service_errors: a service's refusal lands where the user can see it."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from common.forms import apply_service_errors


class NoteForm(forms.Form):
    title = forms.CharField()
    text = forms.CharField(required=False)


class RowForm(forms.Form):
    description = forms.CharField()


def _valid(form_class, data):
    form = form_class(data)
    assert form.is_valid()
    return form


def test_field_error_goes_to_its_field_and_keeps_its_code():
    form = _valid(NoteForm, {"title": "Intake"})
    apply_service_errors(form, ValidationError(
        {"title": ValidationError("Taken.", code="taken")}))
    assert form.errors == {"title": ["Taken."]}
    assert form.has_error("title", code="taken")
    assert "title" not in form.cleaned_data


def test_unknown_key_and_plain_error_go_on_top():
    form = _valid(NoteForm, {"title": "Intake"})
    apply_service_errors(form, ValidationError({"student": "Not yours.", "__all__": "Closed."}))
    apply_service_errors(form, ValidationError("Someone else was first.", code="stale"))
    assert form.non_field_errors() == ["Not yours.", "Closed.", "Someone else was first."]
    assert form.has_error(NON_FIELD_ERRORS, code="stale")
    assert not form.has_error("title")


def test_row_key_goes_to_the_row_the_service_saw():
    form = _valid(NoteForm, {"title": "Intake"})
    rows = [_valid(RowForm, {"description": "a"}), _valid(RowForm, {"description": "b"})]
    apply_service_errors(form, ValidationError({
        "follow_ups.1.description": "Too long.",
        "follow_ups.0.owner": "Not in the team.",
        "text": "Say something.",
    }), rows=rows)
    assert rows[0].errors == {"__all__": ["Not in the team."]}
    assert rows[1].errors == {"description": ["Too long."]}
    assert form.errors == {"text": ["Say something."]}


def test_row_key_without_rows_goes_to_the_forms_own_field():
    form = _valid(RowForm, {"description": "a"})
    apply_service_errors(form, ValidationError({"follow_ups.0.description": "Too long."}))
    assert form.errors == {"description": ["Too long."]}
