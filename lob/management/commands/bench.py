"""`manage.py bench --scale N` (`make bench BENCH_ARGS="--scale 10"`): build or reuse the bench
data set on PostgreSQL, then time the main pages in-process with the Django test client.

For every page: median and p95 server time over --requests requests (40 unless asked, at least
20, after two warm-up requests) and the number of queries; then the background jobs, each in a
transaction that is rolled back (e-mail to memory), so the data set stays as it was. Prints a
table and writes var/bench.json. It finds slow pages and plans; how fast LOB feels under
concurrent load is measured by `manage.py loadtest`.
Use a database of its own: DATABASE_URL=postgres://postgres@127.0.0.1:5432/lob_bench.
"""

import datetime
import json
import math
import os
import statistics
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from lob.dashboards import benchdata
from lob.dashboards.periods import school_year_of
from lob.dashboards.services import dashboard_refresh

TARGET_P95_MS = 150
TARGET_POST_P95_MS = 60
MAX_QUERIES = 20
FORM_ENCODED = "application/x-www-form-urlencoded"


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class Command(BaseCommand):
    help = "Build or reuse the bench data set (PostgreSQL) and time the main pages."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Number of colleges (1–10+).")
        parser.add_argument("--requests", type=int, default=40,
                            help="Timed requests per page (at least 20).")
        parser.add_argument("--output", default=str(Path(settings.VAR_DIR) / "bench.json"))
        parser.add_argument("--allow-any-database", action="store_true",
                            help="Also build in a database whose name does not contain 'bench'.")

    def handle(self, *args, scale, requests, output, allow_any_database, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "manage.py bench needs PostgreSQL; SQLite is refused. Run it with "
                "DATABASE_URL=postgres://postgres@127.0.0.1:5432/lob_bench"
            )
        name = connection.settings_dict["NAME"]
        if "bench" not in name and not allow_any_database:
            raise CommandError(
                f"The database {name!r} does not look like a bench database (its name has no "
                "'bench'). The bench adds a whole ROC of made-up data; use a database of its "
                "own, or pass --allow-any-database."
            )
        if scale < 1:
            raise CommandError("--scale must be 1 or more")
        requests = max(20, requests)
        call_command("migrate", verbosity=0, interactive=False)
        self.stdout.write(f"Data set at scale {scale} in {name}:")
        started = time.monotonic()
        counts = benchdata.build(scale, out=self.stdout.write)
        self.stdout.write(
            f"  ready in {time.monotonic() - started:.0f} s: "
            + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in counts.items())
        )
        with override_settings(ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS],
                               DEBUG=False):
            pages = self.measure(requests)
            jobs = self.measure_jobs()
        result = {"scale": scale, "requests": requests, "counts": counts, "pages": pages,
                  "jobs": jobs, "measured_at": timezone.now().isoformat(),
                  "cpus": os.cpu_count(), "load_average": os.getloadavg()}
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(json.dumps(result, indent=2))
        self.print_table(pages, jobs)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        self.stdout.write(f"{os.cpu_count()} CPUs, load average {load} (other work skews times)")
        self.stdout.write(f"Written to {output}")

    # --- who and what --------------------------------------------------------------------------

    def scenario(self) -> list[dict]:
        User = get_user_model()
        college = benchdata.bench_college()
        domain = "west.lob.demo" if college.short_name == "west" else None

        def user(local):
            return User.objects.get(email=f"{local}@{domain}")

        counsellor = user("counsellor")
        manager = user("manager")
        from students.models import SessionAttendance, Student

        busiest = (
            SessionAttendance.objects.filter(
                student__in=Student.objects.filter(
                    counsellor_assignments__counsellor=counsellor,
                    counsellor_assignments__end_date__isnull=True,
                )
            )
            .values("student_id")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        student_id = busiest["student_id"]
        team_id = manager.memberships.filter(role="manager").values_list("team_id", flat=True)[0]
        now = timezone.localtime()

        def session_post(i):
            held = now - datetime.timedelta(minutes=10 + i)
            return {
                "student": str(student_id), "kind": "career", "held_at": held.strftime("%Y-%m-%dT%H:%M"),
                "duration_minutes": "30", "location": "private_room",
                "summary": "Bench: gesprek over stage.", "agreements": "",
                "fu-TOTAL_FORMS": "0", "fu-INITIAL_FORMS": "0", "fu-MIN_NUM_FORMS": "0",
                "fu-MAX_NUM_FORMS": "1000",
            }

        pages = [
            ("student_list", counsellor, "get", ("students:list", []), None),
            ("caseload", counsellor, "get", ("students:caseload", []), None),
            ("student_timeline", counsellor, "get", ("students:detail", [student_id]), None),
            ("triage_queue", user("lec"), "get", ("lec:queue", []), None),
            ("team_dashboard", manager, "get", ("dashboards:team", [team_id]), None),
            ("college_view", user("director"), "get", ("dashboards:college", [college.pk]), None),
            ("roc_view", User.objects.get(email="roc@bench.lob.demo"), "get",
             ("dashboards:roc", []), None),
            ("session_post", counsellor, "post", ("students:session_new", []), session_post),
        ]
        result = []
        for name, who, method, (url_name, url_args), data in pages:
            try:
                url = reverse(url_name, args=url_args)
            except NoReverseMatch:
                self.stderr.write(f"  {name}: {url_name} does not exist (yet); skipped")
                continue
            result.append({"name": name, "user": who, "method": method, "url": url, "data": data})
        return result

    def client_for(self, user) -> Client:
        client = Client()
        client.force_login(user)
        session = client.session
        # The bench times pages, not the login: mark the second factor as given.
        session["lob_2fa"] = {"user": user.pk, "device": "bench", "at": time.time()}
        session.save()
        return client

    # --- measuring -----------------------------------------------------------------------------

    @staticmethod
    def ms(call) -> float:
        started = time.perf_counter()
        call()
        return (time.perf_counter() - started) * 1000

    def measure(self, n: int) -> dict:
        """Each page's timings; a POST's writes are rolled back, so the data set stays as it was."""
        results = {}
        for page in self.scenario():
            with transaction.atomic():
                results[page["name"]] = self.measure_page(page, n)
                transaction.set_rollback(True)
            self.stdout.write(f"  measured {page['name']}")
        return results

    def measure_page(self, page: dict, n: int) -> dict:
        client = self.client_for(page["user"])
        call = self.caller(page, client)
        call(-1)
        call(-2)
        reset_queries()  # the log is a bounded deque: full, it would capture nothing
        with CaptureQueriesContext(connection) as captured:
            call(-3)
        # Counted now: each later request empties the connection's query log.
        queries = len(captured.captured_queries)
        samples = [self.ms(lambda i=i: call(i)) for i in range(n)]
        return {
            "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": round(percentile(samples, 0.95), 1),
            "queries": queries,
        }

    @staticmethod
    def caller(page: dict, client: Client):
        def call(i):
            if page["method"] == "post":
                # As a browser sends this form (no file field): urlencoded, not the test
                # client's default multipart.
                response = client.post(page["url"], urlencode(page["data"](i)),
                                       content_type=FORM_ENCODED, secure=True)
            else:
                response = client.get(page["url"], secure=True)
            expected = (302,) if page["method"] == "post" else (200,)
            if response.status_code not in expected:
                raise CommandError(f"{page['name']}: {page['url']} answered "
                                   f"{response.status_code}")
            return response

        return call

    def measure_jobs(self) -> dict:
        """The rollup refresh of the running year and the daily reminder sweep (twice), each
        in a transaction that is rolled back, with e-mail kept in memory."""
        from lob.notifications.services import reminders_sweep

        year = school_year_of(timezone.localdate())
        jobs = {}
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), \
                transaction.atomic():
            jobs["rollup_refresh_running_year"] = self.job(
                lambda: dashboard_refresh(school_year=year))
            jobs["reminder_sweep_first"] = self.job(reminders_sweep)
            jobs["reminder_sweep_again"] = self.job(reminders_sweep)
            transaction.set_rollback(True)
        return jobs

    def job(self, run) -> dict:
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            ms = self.ms(run)
        return {"ms": round(ms, 1), "queries": len(captured.captured_queries)}

    # --- report --------------------------------------------------------------------------------

    def print_table(self, pages: dict, jobs: dict) -> None:
        head = f"{'page':<18} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  target"
        self.stdout.write(head)
        self.stdout.write("-" * len(head))
        for name, r in pages.items():
            limit = TARGET_POST_P95_MS if name == "session_post" else TARGET_P95_MS
            ok = r["p95_ms"] <= limit and r["queries"] <= MAX_QUERIES
            self.stdout.write(f"{name:<18} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['queries']:>8}  "
                              f"{'ok' if ok else 'MISSED'}")
        for name, r in jobs.items():
            self.stdout.write(f"{name:<30} {r['ms']:>10} ms {r['queries']:>6} queries")
