"""Dutch name order: a list of people sorts on the last name without its tussenvoegsel, as
Dutch lists do ("de Boer" under B, beside "Bakker", not after "Yilmaz").

The last name is stored as written ("de Boer"); the sort name is a generated column
(`sort_name_field`) that the database keeps in step with it, whoever writes the row (forms,
imports, bulk updates, raw SQL, erasure). Every list of people orders through `name_order`.
"""

from django.db import models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Left, Lower, Substr, Trim
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

# Longest first: the first that matches is taken away ("van der Berg" → "Berg", not "der Berg").
TUSSENVOEGSELS = (
    "van de la", "van der", "van den", "van het", "van 't", "in 't", "in de", "in den",
    "in het", "op de", "op den", "op het", "op 't", "uit de", "uit den", "uit het", "aan de",
    "aan den", "bij de", "onder de", "over de", "van", "de", "den", "der", "het", "'t", "te",
    "ten", "ter", "la", "le", "du", "da", "di", "dos", "el", "von", "vom", "zu",
)


def sort_name_expression(field: str = "last_name"):
    """The last name in lower case without a leading tussenvoegsel, as a database expression."""
    return Lower(Trim(Case(
        *[When(Exact(Lower(Left(F(field), len(prefix) + 1)), Value(f"{prefix} ")),
               then=Substr(F(field), len(prefix) + 2)) for prefix in TUSSENVOEGSELS],
        default=F(field),
    )))


def sort_name_field(field: str = "last_name") -> models.GeneratedField:
    return models.GeneratedField(
        expression=sort_name_expression(field),
        output_field=models.CharField(max_length=150),
        db_persist=True,
        verbose_name=_("sort name"),
    )


def sort_name(last_name: str) -> str:
    """The same as sort_name_expression, in Python (for rows that are not in the database)."""
    lowered = last_name.lower()
    for prefix in TUSSENVOEGSELS:
        if lowered.startswith(f"{prefix} "):
            return lowered[len(prefix) + 1:].strip()
    return lowered.strip()


def name_order(prefix: str = "") -> list[str]:
    """The order of a list of people; `prefix` reaches them through a relation ("owner__")."""
    return [f"{prefix}sort_name", f"{prefix}first_name", f"{prefix}pk"]
