"""The select widget's template (templates/django/forms/widgets/select.html) writes its options
inline for speed; what it writes must stay what Django's own templates write."""

import re

from django import forms
from django.forms.renderers import DjangoTemplates

DJANGOS_OWN = DjangoTemplates()  # Django's form templates, without the project's overrides


def _tags(html: str) -> str:
    """The HTML without the whitespace between tags (Django's templates leave blank lines)."""
    return re.sub(r">\s+<", "><", html).strip()


class _Form(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---"), (1, "Één"), (2, "Twee & drie")],
                              required=False)
    grouped = forms.ChoiceField(choices=[("Team A", [("a1", "Anna"), ("a2", 'Bo "B"')]),
                                         ("Team B", [("b1", "Cas")]), ("x", "Los")])
    several = forms.MultipleChoiceField(choices=[(1, "Een"), (2, "Twee"), (3, "Drie")],
                                        required=False)


def _both(form, name) -> tuple[str, str]:
    field = form[name]
    ours = field.as_widget()
    widget = field.field.widget
    context = widget.get_context(field.html_name, field.value(), field.build_widget_attrs(
        {"id": field.auto_id}))
    return ours, DJANGOS_OWN.render(widget.template_name, context)


def test_the_inline_select_writes_what_djangos_templates_write():
    form = _Form(data={"plain": "2", "grouped": "a2", "several": ["1", "3"]})
    for name in ("plain", "grouped", "several"):
        ours, djangos = _both(form, name)
        assert _tags(ours) == _tags(djangos), name
        assert "selected" in ours


def test_an_option_with_attributes_keeps_them():
    widget = forms.Select(choices=[(1, "Een"), (2, "Twee")])
    widget.create_option = lambda *args, **kwargs: {
        **forms.Select.create_option(widget, *args, **kwargs),
        "attrs": {"disabled": True, "data-x": "y", "hidden": False}}
    context = widget.get_context("n", "1", {"id": "id_n"})
    ours = widget.render("n", "1", {"id": "id_n"})
    assert _tags(ours) == _tags(DJANGOS_OWN.render(widget.template_name, context))
    assert 'disabled data-x="y"' in ours and "hidden" not in ours
