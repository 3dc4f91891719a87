"""Fast `get_FOO_display()` for models whose fields have choices.

Django's own `Model._get_FIELD_display` builds a hashable copy of *all* of a field's choices on
every call, and hashing a lazily translated label translates it: a list of 50 referrals with
four choice columns translated some 1,500 labels to show 200. With `ChoiceLabels` first in a
model's bases a label is looked up in a dict per field and language, translated once per
process (the catalogues do not change while it runs).
"""

from django.utils.encoding import force_str
from django.utils.translation import get_language


def _labels(field) -> dict:
    by_language = field.__dict__.setdefault("_lob_choice_labels", {})
    language = get_language()
    labels = by_language.get(language)
    if labels is None:
        labels = by_language[language] = {
            key: force_str(label, strings_only=True) for key, label in field.flatchoices
        }
    return labels


def choice_label(model, field_name: str, value):
    """What `obj.get_<field_name>_display()` gives, for a value read without its object."""
    return _labels(model._meta.get_field(field_name)).get(value, value)


class ChoiceLabels:
    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            return _labels(field).get(value, value)
        except TypeError:  # an unhashable value (a list, a dict): Django's way handles it
            return super()._get_FIELD_display(field)
