from django import template
from django.template.backends.django import Template as DjangoTemplate
from django.template.loader import get_template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def render_entry(context, entry):
    """Render a timeline entry with its own template and {"entry": entry, **entry.context}.

    A Django template is rendered like an include, in the page's context (rendering it as a
    page of its own would run every context processor, the navigation included, once per
    entry). A Jinja2 template (lob/jinja2.py) gets only the entry's context and the request:
    the kinds that fill a timeline are written in Jinja2, as rows of long lists are."""
    found = get_template(entry.template)
    if isinstance(found, DjangoTemplate):
        with context.push(entry=entry, **entry.context):
            return found.template.render(context)
    html = found.render({"entry": entry, **entry.context}, context.get("request"))
    return mark_safe(html)  # noqa: S308 (Jinja2 escaped what it wrote)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
