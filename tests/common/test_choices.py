"""The cheaper get_FOO_display (common/choices.py) answers as Django's own does."""

from functools import partialmethod

import pytest
from django.db import models
from django.utils import translation

from lec.models import PlanAction, Referral
from students.models import FollowUp, GuidanceSession

OVERRIDDEN = [
    (Referral, ["status", "urgency", "eligibility", "source"]),
    (GuidanceSession, ["kind", "location"]),
    (FollowUp, ["status"]),
    (PlanAction, ["status", "owner", "partner"]),
]


def _cases():
    for model, names in OVERRIDDEN:
        for name in names:
            yield pytest.param(model, name, id=f"{model.__name__}.{name}")


@pytest.mark.parametrize(("model", "name"), list(_cases()))
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_label_is_djangos_for_every_value_and_the_value_for_none(model, name, language):
    field = model._meta.get_field(name)
    # The model's own method, not the one the field adds (a partialmethod of Django's).
    assert not isinstance(model.__dict__[f"get_{name}_display"], partialmethod)
    values = [value for value, _label in field.flatchoices] + ["not-a-choice", "", None]
    with translation.override(language):
        for value in values:
            obj = model(**{field.attname: value})
            ours = getattr(obj, f"get_{name}_display")()
            djangos = models.Model._get_FIELD_display(obj, field)
            assert ours == djangos, (value, ours, djangos)
            assert type(ours) is type(djangos)


def test_the_label_is_translated():
    session = GuidanceSession(location="private_room")
    with translation.override("en"):
        assert session.get_location_display() == "Private room"
    with translation.override("nl"):
        assert session.get_location_display() == "Spreekkamer"
