"""`{% render_entry entry %}`: a timeline entry (common.timeline.TimelineEntry) by its own
template, so that the students app shows the entries other apps contribute without knowing
their templates."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def render_entry(context, entry) -> str:
    """The entry's template, rendered as `{% include %}` does: in the page's own context (so the
    context processors do not run again per entry), with `entry` and `entry.context` added."""
    entry_template = context.template.engine.get_template(entry.template)
    with context.push(entry=entry, **entry.context):
        return entry_template.render(context)
