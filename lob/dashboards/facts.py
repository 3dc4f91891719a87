"""The per-student rows the team rollups are summed from (StudentYearFacts): recomputing some
students' rows, and summing the teams' rows again from them.

A team's TeamYearFigures row for (pathway, study year) is the sum of its students' facts
with that pathway and study year, and its TeamMonthReach row for month i counts the facts
whose bit i is set; the days-to-triage histograms are merged. So the figures of a team are
exactly those computed from all its rows at once, whichever students were recomputed when.
"""

import datetime
import json

from django.db import connection
from django.db.models import Count, F, Q, Sum

from .figures import year_figures
from .models import StudentYearFacts, TeamMonthReach, TeamYearFigures, YearFigures
from .periods import months_of

KEY = ("team_id", "pathway", "study_year")
STUDENTS_PER_QUERY = 500
# The figure columns summed per team (all but the days-to-triage histogram).
COUNT_FIELDS = [
    f.name for f in YearFigures._meta.get_fields()
    if f.concrete and f.get_internal_type() == "PositiveIntegerField"
]


def facts_recompute(school_year: int, team_ids: list[int], team_college: dict[int, int],
                    today: datetime.date, students: set[int] | None = None) -> set[tuple]:
    """Replace the facts of `team_ids` in one school year: of `students` (ids) only, or of
    every student when None. Returns the (student, team) pairs the facts were and are for:
    their teams are those to sum again. `team_college`: the college of each team."""
    old = StudentYearFacts.objects.filter(school_year=school_year, team_id__in=team_ids)
    if students is not None:
        old = old.filter(student_id__in=students)
    touched = set(old.values_list("student_id", "team_id"))
    old.delete()
    if students is None:
        facts = year_figures(team_ids, school_year, today)
    else:
        # A few hundred students per query: the plans start from their rows (indexes on the
        # student); asked for thousands at once, the planner reads the year's sessions.
        ids, facts = sorted(students), {}
        for i in range(0, len(ids), STUDENTS_PER_QUERY):
            facts.update(year_figures(team_ids, school_year, today,
                                      ids[i:i + STUDENTS_PER_QUERY]))
    _insert_facts([
        {"student_id": student_id, "team_id": team_id, "college_id": team_college[team_id],
         "school_year": school_year, "pathway": pathway, "study_year": study_year, **values}
        for (student_id, team_id, pathway, study_year), values in facts.items()
    ])
    return touched | {(student_id, team_id) for (student_id, team_id, _p, _y) in facts}


def _insert_facts(rows: list[dict]) -> None:
    """Insert facts rows ({field: value}; defaults for the fields left out). On PostgreSQL
    through COPY: a refresh writes thousands of rows of some forty columns, and bulk_create
    took ten times as long to prepare them (bench data set, 2,000 rows: 700 ms against
    60 ms); its rows are plain numbers, so nothing is lost by going round the model."""
    if connection.vendor != "postgresql":
        StudentYearFacts.objects.bulk_create([StudentYearFacts(**row) for row in rows],
                                             batch_size=1000)
        return
    fields = [f for f in StudentYearFacts._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {StudentYearFacts._meta.db_table} ({columns}) FROM STDIN"
    defaults = {f.attname: f.get_default() for f in fields}
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            values = {**defaults, **row}
            values["triage_days"] = json.dumps(values["triage_days"])
            copy.write_row([values[f.attname] for f in fields])


def teams_sum(school_year: int, team_ids: list[int], team_college: dict[int, int],
              today: datetime.date) -> int:
    """Sum the facts of `team_ids` into their TeamYearFigures and TeamMonthReach rows (one
    grouped query, and one for the histograms), writing only the rows whose figures changed.
    A month's reach rows are there for a (pathway, study year) with students enrolled in the
    school year. Returns the number of TeamYearFigures rows written."""
    facts = StudentYearFacts.objects.filter(school_year=school_year, team_id__in=team_ids)
    months = months_of(school_year, today)
    sums = {f: Sum(f) for f in COUNT_FIELDS}
    for i, _month in enumerate(months):
        # Bit i of the months' masks, summed: (mask >> i) & 1.
        sums[f"a{i}"] = Sum(F("active_months").bitrightshift(i).bitand(1))
        sums[f"s{i}"] = Sum(F("seen_months").bitrightshift(i).bitand(1))
    figures, reach = {}, {}
    students = Count("pk", filter=Q(enrolled=True))
    for row in facts.values(*KEY).annotate(enrolled_students=students, **sums).order_by():
        key = tuple(row[k] for k in KEY)
        common = {"college_id": team_college[key[0]]}
        figures[key] = {**common, **{f: row[f] or 0 for f in COUNT_FIELDS}, "triage_days": {}}
        if row["enrolled_students"]:
            for i, (first, _ref) in enumerate(months):
                reach[(*key, first)] = {**common, "active": row[f"a{i}"], "seen": row[f"s{i}"]}
    for row in facts.filter(referrals_triaged__gt=0).values(*KEY, "triage_days"):
        merged = figures[tuple(row[k] for k in KEY)]["triage_days"]
        for day, n in row["triage_days"].items():
            merged[day] = merged.get(day, 0) + n
    scope = {"school_year": school_year, "team_id__in": team_ids}
    written = _write_changed(TeamYearFigures, scope, KEY, figures)
    _write_changed(TeamMonthReach, scope, (*KEY, "month"), reach)
    return written


def _write_changed(model, scope: dict, key: tuple[str, ...], rows: dict[tuple, dict]) -> int:
    """Make `model`'s rows in `scope` those of `rows` ({key: values}), touching only the rows
    that differ: those changed or gone are deleted, those changed or new are inserted.
    Returns the number of rows inserted."""
    fields = list(next(iter(rows.values()))) if rows else []
    stale = []
    for old in model.objects.filter(**scope).values("pk", *key, *fields):
        at = tuple(old[k] for k in key)
        if at in rows and all(rows[at][f] == old[f] for f in fields):
            del rows[at]  # unchanged
        else:
            stale.append(old["pk"])
    if stale:
        model.objects.filter(pk__in=stale).delete()
    model.objects.bulk_create(
        [model(school_year=scope["school_year"], **dict(zip(key, at, strict=True)), **values)
         for at, values in rows.items()],
        batch_size=1000,
    )
    return len(rows)
