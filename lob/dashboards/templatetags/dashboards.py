from django import template

register = template.Library()


@register.filter
def get_item(sequence, index):
    """`list|get_item:i` — the i-th item (for table column labels and sort links)."""
    try:
        return sequence[index]
    except (IndexError, KeyError, TypeError):
        return ""
