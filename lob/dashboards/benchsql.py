"""Plain SQL for the bench data set (lob.dashboards.benchdata, benchstaff)."""

from django.db import connection


def sql(sql: str, params: dict | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        return cursor.rowcount


def one(sql: str, params: dict | None = None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        row = cursor.fetchone()
        return row[0] if row else None
