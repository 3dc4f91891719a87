from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag(takes_context=True)
def render_entry(context, entry):
    """Render a timeline entry with its own template: {"entry": entry, **entry.context}."""
    return render_to_string(
        entry.template, {"entry": entry, **entry.context}, request=context.get("request")
    )


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
