"""Plans of the queries `manage.py bench` saw: `EXPLAIN (FORMAT JSON)` of each, walked for
sequential scans of large tables (a plan that reads a whole large table grows with the ROC,
however fast it is today)."""

import json

from django.db import connection

LARGE_ROWS = 100_000
EXPLAINABLE = ("SELECT", "WITH", "UPDATE", "DELETE", "INSERT")


def large_tables(rows: int = LARGE_ROWS) -> set[str]:
    """Tables the planner thinks hold more than `rows` rows (pg_class.reltuples)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind IN ('r', 'p') AND reltuples > %s",
            [rows],
        )
        return {name for (name,) in cursor.fetchall()}


def seq_scans(plan: dict) -> list[str]:
    """The relations read by a sequential scan anywhere in a plan tree (parallel ones too)."""
    found = []
    stack = [plan]
    while stack:
        node = stack.pop()
        if node.get("Node Type") == "Seq Scan" and node.get("Relation Name"):
            found.append(node["Relation Name"])
        stack.extend(node.get("Plans", ()))
    return found


def explain(sql: str) -> dict | None:
    """The plan of one statement as the ORM sent it (parameters bound client-side), without
    running it; None for statements that have no plan (SAVEPOINT, RELEASE, ...)."""
    if not sql.lstrip().upper().startswith(EXPLAINABLE):
        return None
    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT bench_explain")
        try:
            # Client-side binding: the captured text is the statement that ran, values included
            # (no parameters here, so a '%' in it is not read as a placeholder).
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            (result,) = cursor.fetchone()
        except Exception:
            cursor.execute("ROLLBACK TO SAVEPOINT bench_explain")
            return None
        cursor.execute("RELEASE SAVEPOINT bench_explain")
    if isinstance(result, str):
        result = json.loads(result)
    return result[0]["Plan"]


def large_seq_scans(sql: str, large: set[str]) -> list[str]:
    plan = explain(sql)
    if plan is None:
        return []
    return sorted({name for name in seq_scans(plan) if name in large})
