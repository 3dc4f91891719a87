"""Form widgets of our own."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class PlainSelect(forms.Select):
    """A single select without option groups, written out in Python.

    Django renders every option through a template of its own; a filter with a few hundred
    counsellors then costs more than the rest of the page. This writes the same HTML (`selected`
    on the chosen value, attributes such as `id`, `class` and `aria-*` on the select)."""

    allow_multiple_selected = False

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(option_value), " selected" if str(option_value) in chosen else "", label)
                for option_value, label in self._plain_choices()
            ),
        )
        return format_html("<select{}>{}</select>",
                           flatatt({"name": name, **self.build_attrs(self.attrs, attrs)}),
                           options)

    def _plain_choices(self):
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                raise ValueError("PlainSelect does not render option groups")
            yield ("" if option_value is None else option_value), label
