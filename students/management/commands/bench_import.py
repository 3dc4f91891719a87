"""Measure the student import at scale: a file of N students with every column (status, end
date, groups, contact details, two guardians), imported as a full export, then imported again
with changes. Everything is rolled back at the end. Use PostgreSQL for figures that mean
something:

    DATABASE_URL=postgres://... manage.py bench_import --rows 50000

Before each import the tables' planner statistics are brought up to date (ANALYZE, inside the
transaction: it counts the transaction's own rows), as autovacuum keeps them on a running
system; the second import is then the nightly re-import of a register the first one filled.
With --no-analyze the statistics stay as they are (on a server without autovacuum, or a new
one whose tables were never analyzed: the worst case). ANALYZE's row estimates in pg_class
are not rolled back; use a database of your own, never a shared one.
"""

import datetime
import os
import time
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from staff.models import College, Team, TeamMembership, User
from staff.roles import Role
from students.importer import import_file
from students.importer.columns import COLUMNS
from students.models import Guardian, Programme, Student


class Rollback(Exception):
    pass


class QueryCount:
    """Counts the statements run (connection.queries keeps only the last 9,000)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _backend_cpu() -> float | None:
    """CPU seconds the PostgreSQL backend of this connection has used (when it runs on this
    machine): with the process's own CPU time, what the import costs whatever the load."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Command(BaseCommand):
    help = "Time the student import of a large file (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=50_000)
        parser.add_argument("--teams", type=int, default=20)
        parser.add_argument("--no-analyze", dest="analyze", action="store_false",
                            help="Keep the planner statistics as they are (see above).")

    def handle(self, *args, rows: int, teams: int, analyze: bool, **options):
        try:
            with transaction.atomic():
                college = self._college(teams)
                first = self._file(rows, teams, changed=False)
                second = self._file(rows, teams, changed=True)
                self.stdout.write(f"{connection.vendor}: {rows} rows, {len(first) / 1e6:.1f} MB, "
                                  f"{len(COLUMNS.columns)} columns")
                for label, raw in (("first import (all new)", first),
                                   ("second import (10% changed, 5% left)", second)):
                    if analyze and connection.vendor == "postgresql":
                        with connection.cursor() as cursor:
                            cursor.execute("ANALYZE")
                    checked, written, queries = [], [], QueryCount()
                    db_cpu = _backend_cpu()
                    cpu = time.process_time()
                    t0 = time.perf_counter()
                    with connection.execute_wrapper(queries):
                        result = import_file(
                            raw, college, by=None, source="bench.csv", full_export=True,
                            progress=lambda n, seen=checked: seen.append(time.perf_counter()),
                            written=lambda n, seen=written: seen.append(time.perf_counter()))
                    elapsed = time.perf_counter() - t0
                    cpu = time.process_time() - cpu
                    db_cpu = _backend_cpu() - db_cpu if db_cpu is not None else None
                    assert result.ok, [e.messages for e in result.errors[:3]]
                    busy = f", database process {db_cpu:.1f} s" if db_cpu is not None else ""
                    busy += f"; every row checked after {checked[-1] - t0:.1f} s"
                    self.stdout.write(
                        f"{label}: {elapsed:.1f} s wall (CPU: this process {cpu:.1f} s{busy}; "
                        f"load average {os.getloadavg()[0]:.1f}) — {result.created} added, {result.updated} "
                        f"updated, {result.groups_created} groups made, {result.missing} missing; "
                        f"{queries.count} queries; progress reported {len(checked)} times while "
                        f"checking, {len(written)} times while writing"
                    )
                self.stdout.write(
                    f"students {Student.objects.filter(college=college).count()}, guardians "
                    f"{Guardian.objects.filter(student__college=college).count()}"
                )
                raise Rollback
        except Rollback:
            self.stdout.write("rolled back")

    def _college(self, teams: int) -> College:
        college = College.objects.create(name="Bench import college", short_name="bench-import")
        counsellor = User.objects.create(email="bench-import@bench.test", first_name="B",
                                         last_name="I", college=college,
                                         password=make_password(None))
        Group.objects.get(name=Role.COUNSELLOR).user_set.add(counsellor)
        for t in range(teams):
            team = Team.objects.create(college=college, name=f"Team {t}", code=f"t{t}")
            TeamMembership.objects.create(team=team, user=counsellor, role=Role.COUNSELLOR)
            Programme.objects.create(team=team, name=f"Opleiding {t}", crebo=f"{25000 + t}",
                                     level=3, pathway="BOL")
        return college

    @staticmethod
    def _file(rows: int, teams: int, *, changed: bool) -> bytes:
        header = ";".join(c.header for c in COLUMNS)
        lines = [header]
        start = datetime.date(2024, 9, 1)
        for i in range(rows):
            t = i % teams
            year = 2 if changed and i % 10 == 0 else 1
            left = changed and i % 20 == 1
            status = "gediplomeerd;30-06-2026;diploma" if left else "actief;;"
            cells = [
                f"{400000 + i}", "Voornaam", f"Achternaam{i}", "", "17-05-2007", f"{25000 + t}",
                "BOL", str(year), start.strftime("%d-%m-%Y"), "nee", f"t{t}",
                "bench-import@bench.test", *status.split(";"),
                f"LOB {t}-{i % 40}", f"K{t}-{i % 25}", f"Huis {t}-{i % 30}" if i % 3 == 0 else "",
                f"{400000 + i}@student.test", "06-12345678",
                "Ouder", f"Achternaam{i}", f"ouder{i}@example.test", "06-87654321", "ouder",
                "Tweede", f"Achternaam{i}", "", "", "voogd",
            ]
            # The template's order: the prefix is the third column.
            cells.insert(2, cells.pop(3))
            lines.append(";".join(cells))
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
