"""Fast `get_FOO_display()` for models whose fields have choices.

Django's own `Model._get_FIELD_display` builds a hashable copy of *all* of a field's choices on
every call, and hashing a lazily translated label translates it: a list of 50 referrals with
four choice columns translated some 1,500 labels to show 200. With `ChoiceLabels` first in a
model's bases the labels are looked up in a dict built once per field; only the label shown is
translated, in the language active at that moment.
"""

from django.utils.encoding import force_str


class ChoiceLabels:
    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        labels = field.__dict__.get("_lob_choice_labels")
        if labels is None:
            labels = field.__dict__["_lob_choice_labels"] = dict(field.flatchoices)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value (a list, a dict): Django's way handles it
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)
