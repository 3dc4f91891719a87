"""The bench data set (`manage.py bench`, `make loadtest`) is written with plain SQL INSERTs:
each must name every column that has no default, or the build fails on PostgreSQL as soon as a
model gains one (it did once: a new NOT NULL student e-mail broke `make bench`)."""

import re
from pathlib import Path

from django.apps import apps
from django.db.models import NOT_PROVIDED, GeneratedField

import lob.dashboards

SOURCES = sorted(Path(lob.dashboards.__file__).parent.glob("bench*.py"))
INSERT = re.compile(r"INSERT INTO (\w+)\s*\(([^)]*)\)")


def _required_columns(model) -> set[str]:
    return {
        f.column for f in model._meta.concrete_fields
        if not (f.null or f.primary_key or isinstance(f, GeneratedField))
        and f.db_default is NOT_PROVIDED
    }


def test_every_insert_of_the_bench_data_names_every_column_without_a_default():
    tables = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
    inserts = [(path.name, m) for path in SOURCES for m in INSERT.finditer(path.read_text())]
    assert len(inserts) >= 15  # the data set's inserts were found
    missing = {}
    for name, match in inserts:
        table, columns = match.group(1), {c.strip().strip('"') for c in match.group(2).split(",")}
        if left_out := _required_columns(tables[table]) - columns:
            missing[f"{name}: {table}"] = sorted(left_out)
    assert missing == {}
