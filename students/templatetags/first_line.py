from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def render_entry(context, entry):
    """Render a timeline entry with its own template, like an include: the page's context plus
    {"entry": entry, **entry.context}. (Rendering it as a page of its own would run every
    context processor, the navigation included, once per entry.)"""
    entry_template = context.template.engine.get_template(entry.template)
    with context.push(entry=entry, **entry.context):
        return entry_template.render(context)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
