"""Value querysets whose SQL is worked out once per shape.

A dashboard runs the same few aggregate querysets on every request, a student's page the same
few reads; only their values differ (the school year, a college, a student). Django builds and
compiles a queryset anew each time, and for a query that sums thirty columns that costs more
than PostgreSQL needs to run it.

`Prepared(build)` calls `build(shape, **values)` once per shape with stand-in values, compiles the
queryset, and remembers its SQL and where each value went among the parameters. Later calls
run that SQL with their own values. The queryset stays the one definition of the query.

Rules (the first is checked when a shape is first compiled: a broken one raises, it never
guesses):
- every value is a whole number or a string, and each reaches the SQL as a parameter (not
  folded into the SQL text, not transformed);
- `build` depends only on the shape and the values: whatever else it reads (the clock, today's
  date, settings) is compiled in once and kept, so pass such things as values.
- `build` returns a `values(...)` queryset. Rows come back as dicts keyed by the SQL's
  column names, which are the keys `values()` gives, and converted by the same converters as
  the ORM's (aware datetimes, decoded JSON, floats for averages), on every database backend.
The shape is the tuple the caller passes: whatever changes the query's structure (the grouping,
which filters are present), never a value.
"""

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet


def numbered(prefix: str, items) -> dict:
    """A list of values as the named values of a prepared query ({"s0000": 5, "s0001": 7});
    its length belongs in the shape, and `build` gets the list back with `listed`."""
    return {f"{prefix}{i:04d}": item for i, item in enumerate(items)}


def listed(prefix: str, count: int, values: dict) -> list:
    """In `build`: the list that `numbered(prefix, ...)` turned into `count` named values."""
    return [values[f"{prefix}{i:04d}"] for i in range(count)]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: tuple  # per parameter: ("value", name) or ("constant", value)
    converters: dict  # column position -> (Django's converters, expression), as the ORM's


class Prepared:
    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled: dict[Hashable, _Compiled] = {}
        self._lock = threading.Lock()

    def rows(self, shape: Hashable, **values: int | str) -> list[dict]:
        compiled = self._compiled.get((connection.vendor, shape))
        if compiled is None:
            with self._lock:
                compiled = self._compile(shape, values)
                self._compiled[(connection.vendor, shape)] = compiled
        params = [values[x] if kind == "value" else x for kind, x in compiled.slots]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            columns = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
        if compiled.converters:
            rows = [self._converted(row, compiled.converters) for row in rows]
        return [dict(zip(columns, row, strict=True)) for row in rows]

    @staticmethod
    def _converted(row, converters: dict) -> list:
        """The values as the ORM gives them (aware datetimes, decoded JSON, booleans...)."""
        row = list(row)
        for position, (functions, expression) in converters.items():
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        return row

    def _compile(self, shape: Hashable, values: dict) -> _Compiled:
        """Compile with two sets of stand-ins: the parameters that differ are the values, the
        rest are constants of the query; the SQL text itself must not differ."""
        for name, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise TypeError(f"{name}: only whole numbers and strings, not {value!r}")
        names = sorted(values)
        compiled = []
        for base in (32001, 31001):  # within the range of any integer column, positive or not
            stand_ins = {
                name: base - i if isinstance(values[name], int) else f"\x1f{base - i}\x1f"
                for i, name in enumerate(names)
            }
            compiler = self.build(shape, **stand_ins).query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            compiled.append((sql, params, {v: k for k, v in stand_ins.items()}, compiler))
        (sql, params_a, names_a, compiler), (sql_b, params_b, names_b, _) = compiled
        if sql != sql_b or len(params_a) != len(params_b):
            raise ValueError("the values change the SQL itself, not only its parameters")
        slots, found = [], set()
        for a, b in zip(params_a, params_b, strict=True):
            if a == b:
                slots.append(("constant", a))
                continue
            name = names_a.get(a)
            if name is None or names_b.get(b) != name:
                raise ValueError(f"a value reaches the SQL changed: {a!r}")
            slots.append(("value", name))
            found.add(name)
        if set(names) - found:
            raise ValueError(f"values not passed as parameters: {sorted(set(names) - found)}")
        converters = compiler.get_converters(
            [column[0] for column in compiler.select[: compiler.col_count]])
        return _Compiled(sql, tuple(slots), converters)
