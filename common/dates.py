"""The plausible range of every date a person types into the app.

A date in year 1 is a valid Python date, but PostgreSQL stores `0001-01-01 00:00` in
Europe/Amsterdam (whose offset then was local mean time) as `0001-12-31 BC`, which no later
read can turn back into a Python date: the row breaks every page that shows it. So each date
and datetime the app accepts lies between EARLIEST and LATEST, checked twice: by the form
fields here (a message next to the field) and by a check constraint on the model
(`plausible_date_check`), which also holds for services, imports and the admin.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.widgets import DateInput, DateTimeLocalInput

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)
# The same bounds for a timestamp, in UTC, with a day to spare on each side for time zones.
EARLIEST_MOMENT = datetime.datetime(1899, 12, 31, tzinfo=datetime.UTC)
LATEST_MOMENT = datetime.datetime(2101, 1, 2, tzinfo=datetime.UTC)

OUT_OF_RANGE_MESSAGE = _("Choose a date between 1 January 1900 and 31 December 2100.")


def validate_plausible_date(value) -> None:
    """ValidationError(code="date_out_of_range") for a date or datetime outside the range."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(OUT_OF_RANGE_MESSAGE, code="date_out_of_range")


def plausible_date_check(field: str, *, name: str) -> models.CheckConstraint:
    """A check constraint keeping a DateField (NULL allowed) within the range."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": EARLIEST, f"{field}__lte": LATEST}),
        name=name,
    )


def plausible_moment_check(field: str, *, name: str) -> models.CheckConstraint:
    """A check constraint keeping a DateTimeField (NULL allowed) within the range."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": EARLIEST_MOMENT, f"{field}__lt": LATEST_MOMENT}),
        name=name,
    )


class PlausibleDateField(forms.DateField):
    """A date between EARLIEST and LATEST; anything else gets a message next to the field."""

    default_validators = [validate_plausible_date]
    widget = DateInput

    def widget_attrs(self, widget):
        # The browser's date picker offers only the range too.
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", "") == "date":
            attrs.update(min=EARLIEST.isoformat(), max=LATEST.isoformat())
        return attrs


class PlausibleDateTimeField(forms.DateTimeField):
    """A date and time between EARLIEST and LATEST (the local date counts)."""

    default_validators = [validate_plausible_date]
    widget = DateTimeLocalInput

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", "") == "datetime-local":
            attrs.update(min=f"{EARLIEST.isoformat()}T00:00", max=f"{LATEST.isoformat()}T23:59")
        return attrs


def clamp_out_of_range(model, field: str, *, moment: bool = False) -> list[int]:
    """Move `model.field` values outside the range onto its nearest end; return the ids moved.

    For the data migrations that come before the check constraints: rows stored before the
    bounds existed (a year-1 date stored as a BC date cannot even be read into Python) are
    found and updated in SQL, never loaded. Clamping keeps the row and everything hanging on
    it readable again; the ids are reported so that someone can put the right date in.
    """
    low, high = (EARLIEST_MOMENT + datetime.timedelta(days=1),
                 LATEST_MOMENT - datetime.timedelta(days=1)) if moment else (EARLIEST, LATEST)
    moved: list[int] = []
    for lookup, value in ((f"{field}__lt", low), (f"{field}__gt", high)):
        rows = model._base_manager.filter(**{lookup: value})
        moved += list(rows.values_list("pk", flat=True))
        rows.update(**{field: value})
    return moved


def report_clamped(app_label: str, specs, apps) -> None:
    """Run `clamp_out_of_range` for each (model name, field, moment) of `specs` and print what
    moved (ids only: no personal data in a deployment log)."""
    for model_name, field, moment in specs:
        moved = clamp_out_of_range(apps.get_model(app_label, model_name), field, moment=moment)
        if moved:
            print(f"\n  {app_label}.{model_name}.{field}: out-of-range value moved into "
                  f"{EARLIEST}..{LATEST} for ids {sorted(moved)}")


def duration_text(value: datetime.timedelta | None) -> str:
    """A duration as people say it: "3 dagen 4 uur", "2 min", "38 s"; the two largest units."""
    if value is None:
        return ""
    seconds = max(int(value.total_seconds()), 0)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if minutes and not days:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    if not (days or hours or minutes):
        parts.append(ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds})
    return " ".join(parts[:2])
