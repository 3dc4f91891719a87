"""`ChoiceLabels`: get_FOO_display() from a dict built once, exactly as Django's own would answer."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from lec.models import Referral
from lob.choices import ChoiceLabels


def choice_fields():
    for model in apps.get_models():
        if not issubclass(model, ChoiceLabels):
            continue
        for field in model._meta.fields:
            if field.choices:
                yield model, field


def test_every_model_with_choices_in_the_project_uses_it():
    ours = [m for m in apps.get_models() if m.__module__.split(".")[0] in {"students", "lec", "staff", "lob"}]
    missing = [m.__name__ for m in ours
               if any(f.choices for f in m._meta.fields) and not issubclass(m, ChoiceLabels)]
    assert missing == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_labels_are_the_ones_django_gives(language):
    checked = 0
    with translation.override(language):
        for model, field in choice_fields():
            for value, _label in field.flatchoices:
                obj = model(**{field.attname: value})
                expected = models.Model._get_FIELD_display(obj, field)
                assert getattr(obj, f"get_{field.name}_display")() == expected
                checked += 1
    assert checked > 100


def test_the_label_follows_the_active_language_after_the_first_lookup():
    referral = Referral(urgency="crisis")
    with translation.override("en"):
        english = referral.get_urgency_display()
    with translation.override("nl"):
        dutch = referral.get_urgency_display()
    assert english == "Crisis: today"
    assert dutch != english


def test_a_value_outside_the_choices_is_shown_as_it_is():
    assert Referral(urgency="unheard-of").get_urgency_display() == "unheard-of"
    assert Referral(outcome=None).get_outcome_display() is None
