"""One date widget for the whole app: every date field in every form renders an ISO value
(the only value a browser's date picker accepts), whatever the active language."""

import datetime
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.utils import translation

from common.widgets import DateInput, DateTimeLocalInput

APPS = ["common", "staff", "students", "lec", "lob"]


def _project_forms():
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if not info.name.rsplit(".", 1)[-1].startswith("forms"):
                continue
            module = importlib.import_module(info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def test_the_project_has_forms_with_dates():
    names = {cls.__name__ for cls in _project_forms()}
    assert {"RequestForm", "CorrectionForm", "AuditFilterForm"} <= names


@pytest.mark.parametrize("form_class", list(_project_forms()), ids=lambda cls: cls.__qualname__)
def test_every_date_field_uses_the_one_widget(form_class):
    for name, field in getattr(form_class, "base_fields", {}).items():
        if isinstance(field, forms.DateTimeField):
            assert type(field.widget) is DateTimeLocalInput, f"{form_class.__name__}.{name}"
        elif isinstance(field, forms.DateField):
            assert type(field.widget) is DateInput, f"{form_class.__name__}.{name}"


@pytest.mark.parametrize("form_path,field", [
    ("lob.privacy.forms.RequestForm", "received_on"),
    ("lob.privacy.forms.CorrectionForm", "date_of_birth"),
    ("lob.privacy.forms.AuditFilterForm", "date_from"),
    ("lec.forms.AdvanceForm", "evaluation_date"),
])
def test_a_date_renders_in_iso_in_dutch(form_path, field):
    module, name = form_path.rsplit(".", 1)
    form_class = getattr(importlib.import_module(module), name)
    with translation.override("nl"):
        html = form_class.base_fields[field].widget.render(field, datetime.date(2026, 12, 1))
    assert 'type="date"' in html
    assert 'value="2026-12-01"' in html
