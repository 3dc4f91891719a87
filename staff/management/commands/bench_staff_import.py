"""Time the staff import on this machine: `manage.py bench_staff_import --rows 2000`.

Builds a throw-away college (teams, an administrator) inside a transaction that is rolled
back at the end, writes an HR file of --rows rows and runs it through the import job twice as
the upload page does (StaffImportJob → staff_import_process): first every account is new (team
and college roles, care-data roles that become grant requests), then a second file updates
every row and switches off a tenth of the staff. Prints the time and the number of queries of
each run, and the progress the upload page would have shown while it ran (rows checked on the
job row, rows written through the cache)."""

import os
import time

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from staff.models import College, RoleGrantRequest, StaffImportJob, Team, User
from staff.roles import Role
from staff.services import staff_import as service

HEADER = "email;first_name;last_name;college;team;roles;start_date;end_date"


def staff_file(rows: int, teams: list[Team], *, second: bool) -> bytes:
    lines = [HEADER]
    for n in range(rows):
        team = teams[n % len(teams)].code
        roles = ["counsellor"]
        if n % 20 == 0:
            roles.append("LEC-medewerker")
        if n % 40 == 1:
            roles = ["opleidingsmanager", "P&O"]
        end = "2020-12-31" if second and n % 10 == 5 else ""
        last = f"Achternaam{n}{'-gewijzigd' if second else ''}"
        lines.append(f"bench{n}@bench.example;Voornaam{n};{last};bench;{team};"
                     f"{'|'.join(roles)};2019-08-01;{end}")
    return ("\n".join(lines) + "\n").encode("utf-8")


class Command(BaseCommand):
    help = "Time the staff import (the import job as the upload page runs it); rolls back."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=2000)

    def handle(self, *args, rows: int, **options):
        with transaction.atomic():
            for role in Role:
                Group.objects.get_or_create(name=role.value)
            college = College.objects.create(name="Bench college", short_name="bench")
            teams = [Team.objects.create(college=college, name=f"Team {i}", code=f"t{i}")
                     for i in range(40)]
            admin = User.objects.create_user("bench-admin@bench.example", college=college,
                                             first_name="Bench", last_name="Admin")
            admin.groups.add(Group.objects.get(name=Role.ADMIN))
            for label, second in (("first import (all new)", False),
                                  ("second import (updates, 10% leavers)", True)):
                self._run(label, staff_file(rows, teams, second=second), college, admin)
            self.stdout.write(
                f"grant requests waiting: {RoleGrantRequest.objects.filter(college=college).count()}, "
                f"accounts switched off: {User.objects.filter(college=college, is_active=False).count()}")
            transaction.set_rollback(True)

    def _run(self, label: str, raw: bytes, college, admin) -> None:
        job = StaffImportJob.objects.create(college=college, uploaded_by=admin,
                                            file_name="bench.csv", content=raw)
        seen: list[tuple[float, int, int]] = []
        update = StaffImportJob.objects.filter
        original = update

        started = time.perf_counter()

        def watching_filter(*args, **kwargs):  # records every progress write the page would see
            qs = original(*args, **kwargs)
            real_update = qs.update

            def update_and_record(**fields):
                if "processed_rows" in fields or "total_rows" in fields:
                    seen.append((time.perf_counter() - started, fields.get("processed_rows", -1),
                                 fields.get("total_rows", -1)))
                return real_update(**fields)

            qs.update = update_and_record
            return qs

        report_written = service.report_written

        def watching_written(model, job_id, done):  # the rows written, as the page reads them
            seen.append((time.perf_counter() - started, done, -2))
            report_written(model, job_id, done)

        queries = 0

        def counting(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        StaffImportJob.objects.filter = watching_filter
        service.report_written = watching_written
        try:
            with connection.execute_wrapper(counting):
                service.staff_import_process(job_id=job.pk)
        finally:
            StaffImportJob.objects.filter = original
            service.report_written = report_written
        elapsed = time.perf_counter() - started
        job.refresh_from_db()
        progress = ", ".join(
            f"{at:.1f}s:written {done}" if total == -2 else
            f"{at:.1f}s:{done if done >= 0 else '-'}/{total if total >= 0 else '-'}"
            for at, done, total in seen)
        self.stdout.write(f"{label}: {job.total_rows} rows, {job.get_status_display()} in "
                          f"{elapsed:.1f} s, {queries} queries (load average "
                          f"{os.getloadavg()[0]:.1f}); summary "
                          f"{ {k: (len(v) if isinstance(v, list) else v) for k, v in job.summary.items()} }")
        self.stdout.write(f"  progress seen: {progress}")
        if job.errors:
            self.stdout.write(f"  errors: {job.error_rows[:3]}")
