"""`manage.py bench --scale N` (`make bench BENCH_ARGS="--scale 10"`): build or reuse the bench
data set on PostgreSQL, then time every page that users open, in-process with the Django test
client (the pages: `lob/dashboards/benchpages.py`).

Each page is opened by a sample of the users who open it (--users, 30 unless asked, picked at
random from the whole ROC with --seed), each --requests times (10, after a warm-up request).
Per page it reports the worst sampled user's p95, the number of queries (lowest and highest over
the users), the slowest query (its median over a user's requests) and every table over 100,000
rows that a query's plan reads with a sequential scan (`EXPLAIN (FORMAT JSON)` of each query).
Then the background jobs, each in a transaction that is rolled back (e-mail to memory), so the
data set stays as it was. Prints a table and writes var/bench.json and var/bench-scale<N>.json;
the query counts of the other scale's last run (var/bench-scale1.json at scale 10) are shown
beside this run's, and compared per user: the pages are also opened (counted, not timed) by a
sample of the first college's users, who are the same people with the same records at every
scale, and each of them must need as many queries at both. It finds slow pages and plans; how
fast LOB feels under concurrent load is measured by `manage.py loadtest`.
Use a database of its own: DATABASE_URL=postgres://postgres@127.0.0.1:5432/lob_bench.
"""

import gc
import json
import logging
import math
import os
import statistics
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lob.dashboards import benchdata, benchpages, benchplans
from lob.dashboards.models import RollupState
from lob.dashboards.periods import school_year_of
from lob.dashboards.services import dashboard_refresh
from lob.privacy.twofactor import REAUTH_SESSION_KEY
from lob.warmup import load_and_freeze

TARGET_P95_MS = 100  # worst sampled user, in-process
TARGET_POST_P95_MS = 60
TARGET_QUERY_MS = 20  # no single query slower
MAX_QUERIES = 20
FORM_ENCODED = "application/x-www-form-urlencoded"


def _as_dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def query_count_differences(mine: dict, theirs: dict | None) -> list[str]:
    """How a page's query counts differ from the other scale's run (`theirs`, None when it did
    not measure the page): per reference user, the same person with the same records at both
    scales (`benchpages.reference_sample`). Where no user was measured at both, the ranges over
    the two samples are compared instead. Empty when they agree."""
    if not theirs:
        return []
    here, there = mine.get("reference_queries") or {}, theirs.get("reference_queries") or {}
    common = sorted(set(here) & set(there))
    if common:
        return [f"{email}: {here[email]} here, {there[email]} at the other scale"
                for email in common if here[email] != there[email]]
    ranges = [(r["queries_min"], r["queries_max"]) for r in (mine, theirs)]
    if ranges[0] != ranges[1]:
        return [f"{ranges[0][0]}-{ranges[0][1]} here, {ranges[1][0]}-{ranges[1][1]} at the "
                "other scale (no user measured at both)"]
    return []


class Command(BaseCommand):
    partial: Path | None = None
    help = "Build or reuse the bench data set (PostgreSQL) and time the main pages."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Number of colleges (1–10+).")
        parser.add_argument("--requests", type=int, default=10,
                            help="Timed requests per page and user (at least 5).")
        parser.add_argument("--users", type=int, default=30,
                            help="Users sampled per page (of those holding its role).")
        parser.add_argument("--seed", type=int, default=14, help="Seed of the user samples.")
        parser.add_argument("--pages", default="",
                            help="Comma-separated page names to measure (all unless given).")
        parser.add_argument("--no-jobs", action="store_true", help="Measure the pages only.")
        parser.add_argument("--compare", default="",
                            help="A bench JSON of another scale whose query counts to show "
                                 "(default: var/bench-scale1.json, or -scale10 at scale 1).")
        parser.add_argument("--output", default=str(Path(settings.VAR_DIR) / "bench.json"))
        parser.add_argument("--allow-any-database", action="store_true",
                            help="Also build in a database whose name does not contain 'bench'.")

    def handle(self, *args, scale, requests, users, seed, pages, no_jobs, compare, output,
               allow_any_database, **options):
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
        requests = max(5, requests)
        # Every force_login is logged by django-axes: thousands of lines that say nothing here.
        logging.getLogger("axes").setLevel(logging.WARNING)
        only = [p.strip() for p in pages.split(",") if p.strip()]
        call_command("migrate", verbosity=0, interactive=False)
        self.stdout.write(f"Data set at scale {scale} in {name}:")
        started = time.monotonic()
        counts = benchdata.build(scale, out=self.stdout.write)
        self.stdout.write(
            f"  ready in {time.monotonic() - started:.0f} s: "
            + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in counts.items())
        )
        # No embedded beat: without a broker it would run whatever entry is due inside a
        # measured request (a night's privacy purge of the whole data set took minutes, held
        # row locks other runs waited on, and its time was counted as the page's).
        with override_settings(ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS],
                               DEBUG=False, LOB_EMBEDDED_BEAT=False):
            self.partial = Path(output).with_suffix(".partial.json")
            pages = self.measure(requests, users, seed, only)
            jobs = {} if no_jobs else self.measure_jobs()
        result = {"scale": scale, "requests": requests, "users": users, "seed": seed,
                  "counts": counts, "pages": pages, "jobs": jobs,
                  "data_built_on": str(benchdata.built_on()),
                  "measured_at": timezone.now().isoformat(),
                  "cpus": os.cpu_count(), "load_average": os.getloadavg()}
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(json.dumps(result, indent=2))
        per_scale = Path(output).with_name(f"bench-scale{scale}.json")
        if not only:
            per_scale.write_text(json.dumps(result, indent=2))
        other = Path(compare) if compare else Path(output).with_name(
            f"bench-scale{10 if scale == 1 else 1}.json")
        other_run = json.loads(other.read_text()) if other.exists() else {}
        other_pages = other_run.get("pages", {})
        self.print_table(pages, jobs, other_pages, other.name)
        if other_pages and other_run.get("data_built_on") != result["data_built_on"]:
            # The first college is the same at every scale only when built on the same day.
            self.stdout.write(
                f"The data set of {other.name} was built on "
                f"{other_run.get('data_built_on', 'an unknown day')}, this one on "
                f"{result['data_built_on']}: the first college's records differ, and with them "
                "its users' query counts may. Build both on the same day to compare them.")
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        self.stdout.write(f"{os.cpu_count()} CPUs, load average {load} (other work skews times)")
        self.stdout.write(f"Written to {output}")

    # --- measuring -----------------------------------------------------------------------------

    def client_for(self, user) -> Client:
        client = Client()
        client.force_login(user)
        session = client.session
        # The bench times pages, not the login: mark the second factor as given.
        session["lob_2fa"] = {"user": user.pk, "device": "bench", "at": time.time()}
        # ... and the password as confirmed again (pages behind a re-authentication).
        session[REAUTH_SESSION_KEY] = time.time()
        session.save()
        return client

    @staticmethod
    def ms(call) -> float:
        started = time.perf_counter()
        call()
        return (time.perf_counter() - started) * 1000

    def measure(self, n: int, users: int, seed: int, only: list[str]) -> dict:
        """Each page for a seeded sample of its users; every page's writes (a POST, the session
        of the login, an access log line) are rolled back, so the data set stays as it was."""
        large = benchplans.large_tables()
        # As a gunicorn worker starts (lob/wsgi.py): the URLconf, every template and the
        # translations loaded, and with what is loaded by now (Django, the apps, the data set's
        # bookkeeping) left out of full garbage collections, which would otherwise land on
        # whichever request triggers one and be timed as that page's.
        load_and_freeze()
        results = {}
        samples: dict[str, list] = {}
        references: dict[str, list] = {}
        for page in benchpages.PAGES:
            if only and page.name not in only:
                continue
            if page.role not in samples:
                samples[page.role] = benchpages.sample(page.role, users, seed)
                references[page.role] = benchpages.reference_sample(page.role, users, seed)
            started = time.monotonic()
            with transaction.atomic():
                result = self.measure_page(page, samples[page.role], n, large,
                                           references[page.role])
                transaction.set_rollback(True)
            # Django's test client leaves two weakref finalizers behind per request (it
            # disconnects and connects close_old_connections around each one); a gunicorn
            # worker does not. Over a run's 20,000 requests they made every full collection
            # longer (7 -> 13 ms after 6,000 requests here) and late pages' single stalls
            # decide their worst user. What lives on after a page is frozen, untimed, as
            # load_and_freeze does at the start.
            gc.collect()
            gc.freeze()
            if result is None:
                self.stderr.write(f"  {page.name}: no sampled user has anything to open; skipped")
                continue
            results[page.name] = result
            if self.partial:
                # What was measured so far, in case a long run is cut short.
                self.partial.write_text(json.dumps(results, indent=2))
            self.stdout.write(
                f"  {page.name:<26} {result['users']:>3} users  worst p95 "
                f"{result['worst_p95_ms']:>7} ms  queries {result['queries_min']}-"
                f"{result['queries_max']}  slowest query {result['slowest_query_ms']} ms"
                + (f"  SEQ SCAN {','.join(result['large_seq_scans'])}"
                   if result["large_seq_scans"] else "")
                + f"  ({time.monotonic() - started:.0f} s)")
        return results

    def measure_page(self, page, users: list, n: int, large: set[str],
                     reference: list) -> dict | None:
        per_user = []
        reference_pks = {u.pk for u in reference}
        reference_queries: dict[str, int] = {}  # email -> queries, compared between scales
        statements: dict[str, float] = {}  # SQL -> median time (ms) of the slowest user
        for user in users:
            url = page.url(user)
            if url is None:
                continue
            client = self.client_for(user)
            call = self.caller(page, url, user, client)
            call(-1)  # warm-up: the session's first request, caches
            times, counts, query_ms = [], [], []
            for i in range(n):
                reset_queries()  # the log is a bounded deque: full, it would capture nothing
                with CaptureQueriesContext(connection) as captured:
                    times.append(self.ms(lambda i=i, call=call: call(i)))
                counts.append(len(captured.captured_queries))
                query_ms.append([(q["sql"], float(q["time"]) * 1000)
                                 for q in captured.captured_queries])
            # A statement's time: its median over the requests (one slow request on a busy
            # machine is not a slow query). Requests of one user run the same statements.
            if len(set(counts)) == 1:
                for position in range(counts[0]):
                    sql = query_ms[0][position][0]
                    median = statistics.median(run[position][1] for run in query_ms)
                    statements[sql] = max(median, statements.get(sql, 0))
            else:
                for run in query_ms:
                    for sql, ms in run:
                        statements[sql] = max(ms, statements.get(sql, 0))
            per_user.append({"user": user.email, "url": url, "p50_ms": statistics.median(times),
                             "p95_ms": percentile(times, 0.95), "queries": max(counts),
                             "samples": times})
            if user.pk in reference_pks:
                reference_queries[user.email] = max(counts)
        if not per_user:
            return None
        sampled = {u.pk for u in users}
        for user in reference:
            # Counted, not timed: one request after the warm-up.
            url = page.url(user) if user.pk not in sampled else None
            if url is None:
                continue
            call = self.caller(page, url, user, self.client_for(user))
            call(-1)
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                call(0)
            reference_queries[user.email] = len(captured.captured_queries)
        worst = max(per_user, key=lambda r: r["p95_ms"])
        slowest_sql, slowest_ms = max(statements.items(), key=lambda kv: kv[1],
                                      default=("", 0.0))
        scans: dict[str, str] = {}
        for sql in statements:
            for table in benchplans.large_seq_scans(sql, large):
                scans.setdefault(table, sql)
        every = [t for r in per_user for t in r["samples"]]
        return {
            "users": len(per_user),
            "p50_ms": round(statistics.median(every), 1),
            "p95_ms": round(percentile(every, 0.95), 1),
            "worst_p95_ms": round(worst["p95_ms"], 1),
            "worst_user": worst["user"],
            "worst_url": worst["url"],
            "queries_min": min(r["queries"] for r in per_user),
            "queries_max": max(r["queries"] for r in per_user),
            "queries": max(r["queries"] for r in per_user),
            "reference_queries": reference_queries,
            "slowest_query_ms": round(slowest_ms, 1),
            "slowest_query": slowest_sql[:2000],
            "large_seq_scans": sorted(scans),
            "large_seq_scan_queries": {t: q[:2000] for t, q in scans.items()},
        }

    @staticmethod
    def caller(page, url: str, user, client: Client):
        def call(i):
            if page.method == "post":
                # As a browser sends this form (no file field): urlencoded, not the test
                # client's default multipart.
                response = client.post(url, urlencode(page.data(user, i)),
                                       content_type=FORM_ENCODED, secure=True)
            else:
                response = client.get(url, secure=True)
            expected = (302,) if page.method == "post" else (200,)
            if response.status_code not in expected:
                raise CommandError(f"{page.name}: {url} answered {response.status_code} "
                                   f"for {user.email}")
            return response

        return call

    def measure_jobs(self) -> dict:
        """The rollups of the running year (a full rebuild, a refresh with nothing changed, a
        refresh after 2,000 new sessions) and the daily reminder sweep with the sending of its
        digests (twice), all in a transaction that is rolled back, with e-mail kept in memory."""
        from django.core import mail

        from lob.notifications.sending import digests_send
        from lob.notifications.services import _batches, reminders_sweep

        year = school_year_of(timezone.localdate())
        jobs = {}

        digest_ids = []

        def sweep():
            result = reminders_sweep()
            digest_ids[:] = result.digest_ids
            return {"digests": len(result.digest_ids)}

        def send():
            # Sending is enqueued after the sweep's commit, which never comes here: send the
            # batches as the send tasks do, one after the other.
            batches = list(_batches(digest_ids))
            for batch in batches:
                digests_send(digest_ids=batch)
            return {"batches": len(batches), "emails": len(mail.outbox)}

        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), \
                transaction.atomic():
            jobs["rollup_rebuild_running_year"] = self.job(
                lambda: dashboard_refresh(school_year=year, full=True))
            jobs["rollup_refresh_nothing_changed"] = self.job(
                lambda: dashboard_refresh(school_year=year))
            new_sessions = benchdata.add_sessions(2000)
            jobs["rollup_refresh_after_2000_sessions"] = self.job(
                lambda: dashboard_refresh(school_year=year))
            jobs["rollup_refresh_after_2000_sessions"]["sessions_added"] = new_sessions
            for counted in ("students_recomputed", "teams_recomputed"):
                jobs["rollup_refresh_after_2000_sessions"][counted] = sum(
                    RollupState.objects.filter(school_year=year)
                    .values_list(counted, flat=True))
            for run in ("first", "again"):
                mail.outbox = []
                jobs[f"reminder_sweep_{run}"] = self.job(sweep)
                jobs[f"digest_sending_{run}"] = self.job(send)
            transaction.set_rollback(True)
        return jobs

    def job(self, run) -> dict:
        reset_queries()
        extra = {}
        with CaptureQueriesContext(connection) as captured:
            ms = self.ms(lambda: extra.update(_as_dict(run())))
        return {"ms": round(ms, 1), "queries": len(captured.captured_queries), **extra}

    # --- report --------------------------------------------------------------------------------

    def print_table(self, pages: dict, jobs: dict, other: dict, other_name: str) -> None:
        self.stdout.write(f"Queries of the other scale from {other_name} "
                          f"({'found' if other else 'not found'}).")
        # "p95" is over every sampled request of the page, "worst p95" the slowest user's (of
        # --requests each: with 10, their slowest request). Far apart, one stall decided it.
        head = (f"{'page':<26} {'users':>5} {'p50 ms':>7} {'p95':>7} {'worst p95':>9} {'queries':>8} "
                f"{'other':>6} {'slowest q ms':>12}  {'seq scan >100k':<16} target")
        self.stdout.write(head)
        self.stdout.write("-" * len(head))
        missed = 0
        differing = {}
        for name, r in pages.items():
            limit = TARGET_POST_P95_MS if name == "session_post" else TARGET_P95_MS
            queries = (str(r["queries_min"]) if r["queries_min"] == r["queries_max"]
                       else f"{r['queries_min']}-{r['queries_max']}")
            theirs = other.get(name, {}).get("queries_max")
            # Users may differ by a panel shown or not (bounded either way); one user's count
            # must not differ between scales.
            differing[name] = query_count_differences(r, other.get(name))
            ok = (r["worst_p95_ms"] <= limit and r["queries_max"] <= MAX_QUERIES
                  and not differing[name] and r["slowest_query_ms"] <= TARGET_QUERY_MS
                  and not r["large_seq_scans"])
            missed += not ok
            self.stdout.write(
                f"{name:<26} {r['users']:>5} {r['p50_ms']:>7} {r.get('p95_ms', '-'):>7} "
                f"{r['worst_p95_ms']:>9} "
                f"{queries:>8} {'-' if theirs is None else theirs:>6} "
                f"{r['slowest_query_ms']:>12}  {','.join(r['large_seq_scans']) or '-':<16} "
                f"{'ok' if ok else 'MISSED'}")
        self.stdout.write(f"{len(pages) - missed} of {len(pages)} pages within target (worst "
                          f"user p95 <= {TARGET_P95_MS} ms, <= {MAX_QUERIES} queries, each "
                          f"user's the same at the other scale, no query over "
                          f"{TARGET_QUERY_MS} ms, no sequential scan of a table over 100,000 "
                          f"rows)")
        for name, lines in differing.items():
            for line in lines:
                self.stdout.write(f"  queries of {name} differ between scales: {line}")
        for name, r in jobs.items():
            extra = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in r.items()
                              if k not in ("ms", "queries"))
            self.stdout.write(f"{name:<36} {r['ms']:>10} ms {r['queries']:>6} queries"
                              + (f"  ({extra})" if extra else ""))
