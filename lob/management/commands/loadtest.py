"""`manage.py loadtest --scale N --users U --seconds S` (`make loadtest`): the app under load on
the production stack, driven by locust run headless (lob/loadtest/).

Builds or reuses the bench data set on PostgreSQL, gives the users it logs in as a known password
(and the LEC staff an authenticator), starts gunicorn with production settings and the Redis
cache on a free loopback port, then runs two phases:

- *Users*: U users with 2–8 s of think time, in the role mix of lob/loadtest/locustfile.py;
- *Capacity*: the same mix without think time at rising concurrency (--capacity-steps), each
  step followed by the login page (the trivial reference) at the same concurrency, until the
  mix's throughput rises by less than 5 %.

Writes var/loadtest.json and prints a table; the data set is left as it was found.
With --source DIR the app is served from another checkout (same virtualenv, same data set):
today's code against an older commit's. Use a database of its own:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/lob_bench.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from lob.dashboards import benchdata
from lob.loadtest import dataset, report
from lob.loadtest.server import Gunicorn, collectstatic, production_env

LOCUSTFILE = Path(__file__).resolve().parents[2] / "loadtest" / "locustfile.py"
MIX = ["CounsellorUser", "LecUser", "ManagerUser", "DirectorUser"]
REFERENCE = ["ReferenceUser"]
WARMUP_SECONDS = {"mix": 3, "reference": 2}
USERS_SPAWN_RATE = 2


class Command(BaseCommand):
    help = "Load-test the app with locust on gunicorn, PostgreSQL and Redis (bench data set)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Number of colleges.")
        parser.add_argument("--users", type=int, default=50, help="Users of the users phase.")
        parser.add_argument("--seconds", type=int, default=60, help="Length of the users phase.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
        parser.add_argument("--capacity-steps", default="2,4,8,16,32",
                            help="Concurrencies of the capacity phase, rising.")
        parser.add_argument("--step-seconds", type=int, default=20,
                            help="Measured seconds of each capacity step.")
        parser.add_argument("--source", default="",
                            help="Serve the app from this checkout (no migrations are run).")
        parser.add_argument("--output", default=str(Path(settings.VAR_DIR) / "loadtest.json"))

    def handle(self, *args, **options):
        self.check_database()
        steps = [int(n) for n in options["capacity_steps"].split(",") if n.strip()]
        if options["scale"] < 1 or options["users"] < 1 or not steps:
            raise CommandError("--scale, --users and --capacity-steps need positive numbers")
        source = Path(options["source"] or settings.BASE_DIR).resolve()
        if not (source / "manage.py").exists():
            raise CommandError(f"{source} is not a checkout of LOB (no manage.py)")
        self.prepare_data_set(options["scale"], migrate=not options["source"])
        found = dataset.snapshot()
        try:
            stats, measured = self.run(source, found, options, steps)
        finally:
            deleted = dataset.restore(found)
            self.stdout.write("Data set restored (rows deleted: "
                              + (", ".join(f"{t} {n}" for t, n in deleted.items()) or "none")
                              + ")")
        outcome = report.result(scale=options["scale"], workers=options["workers"],
                                users=options["users"], stats=stats, steps=measured)
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(outcome, indent=2) + "\n")
        for line in report.table(outcome, measured):
            self.stdout.write(line)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        self.stdout.write(f"{os.cpu_count()} CPUs, load average {load} (other work skews it)")
        self.stdout.write(f"Written to {output}")

    def check_database(self) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("manage.py loadtest needs PostgreSQL: DATABASE_URL="
                               "postgres://postgres@127.0.0.1:5432/lob_bench")
        name = connection.settings_dict["NAME"]
        if "bench" not in name:
            raise CommandError(f"The database {name!r} does not look like a bench database (its "
                               "name has no 'bench'); the load test adds a whole ROC of made-up "
                               "data. Use a database of its own.")

    def prepare_data_set(self, scale: int, *, migrate: bool) -> None:
        if migrate:
            call_command("migrate", verbosity=0, interactive=False)
        started = time.monotonic()
        self.stdout.write(f"Data set at scale {scale} in {connection.settings_dict['NAME']}:")
        counts = benchdata.build(scale, out=self.stdout.write)
        self.stdout.write(f"  ready in {time.monotonic() - started:.0f} s: "
                          f"{counts['sessions']:,} sessions, {counts['students']:,} students")

    def run(self, source: Path, found, options, steps) -> tuple[list[dict], list[dict]]:
        accounts = dataset.choose_accounts(max(options["users"], max(steps)))
        dataset.give_access(found, accounts)
        with tempfile.TemporaryDirectory(prefix="lob-loadtest-") as tmp:
            tmp = Path(tmp)
            plan = {"password": dataset.PASSWORD, "time_zone": settings.TIME_ZONE,
                    "accounts": accounts}
            (tmp / "plan.json").write_text(json.dumps(plan))
            env = production_env(database_url=os.environ["DATABASE_URL"],
                                 static_root=tmp / "static")
            collectstatic(source, env)
            Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
            server = Gunicorn(source=source, env=env, workers=options["workers"],
                              log=Path(settings.VAR_DIR) / "loadtest-gunicorn.log")
            try:
                server.wait_until_up()
                self.stdout.write(f"gunicorn ({options['workers']} workers) serving {source} "
                                  f"at {server.url}")
                locust = Locust(tmp, server, connection.settings_dict["NAME"])
                stats = self.users_phase(locust, options)
                measured = self.capacity_phase(locust, steps, options["step_seconds"])
            finally:
                server.stop()
        return stats, measured

    def users_phase(self, locust: "Locust", options) -> list[dict]:
        users, seconds = options["users"], options["seconds"]
        self.stdout.write(f"Users phase: {users} users for {seconds} s ...")
        dataset.reset_devices()
        # Two logins a second: the password hash is slow on purpose, and a rush of logins is
        # not what this phase measures (its window opens when they are done).
        step = locust.window(MIX, users=users, warmup=WARMUP_SECONDS["mix"], seconds=seconds,
                             think="2,8", spawn_rate=USERS_SPAWN_RATE)
        return step["stats"]

    def capacity_phase(self, locust: "Locust", steps: list[int], seconds: int) -> list[dict]:
        measured, rates = [], []
        for users in steps:
            for kind, classes in (("mix", MIX), ("reference", REFERENCE)):
                dataset.reset_devices()
                length = seconds if kind == "mix" else max(5, seconds // 2)
                step = locust.window(classes, users=users, warmup=WARMUP_SECONDS[kind],
                                     seconds=length, think="0", spawn_rate=users)
                del step["stats"]
                step.update(kind=kind, users=users)
                measured.append(step)
                self.stdout.write(f"  {users:>3} users, {kind:<9}: "
                                  f"{report.step_rate(step):6.1f} req/s")
            rates.append(report.step_rate(measured[-2]))
            if not report.keeps_rising(rates):
                break
        return measured


class Locust:
    """Runs locust headless in a subprocess against the server, with the plan of the run."""

    def __init__(self, tmp: Path, server: Gunicorn, database: str):
        self.tmp = tmp
        self.server = server
        self.database = database

    def _command(self, classes, *, users: int, spawn_rate: int, run_time: int) -> list[str]:
        return [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
                "--users", str(users), "--spawn-rate", str(spawn_rate),
                "--run-time", f"{run_time}s", "--host", self.server.url, "--only-summary",
                "--loglevel", "WARNING", "--exit-code-on-error", "0", *classes]

    def _env(self, **extra) -> dict:
        return {**os.environ, "LOADTEST_PLAN": str(self.tmp / "plan.json"), **extra}

    def _call(self, command: list[str], env: dict) -> None:
        done = subprocess.run(command, env=env, cwd=settings.BASE_DIR,  # noqa: S603
                              capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            raise CommandError(f"locust failed ({done.returncode}):\n{done.stderr[-3000:]}")

    def window(self, classes, *, users: int, warmup: int, seconds: int, think: str,
               spawn_rate: int) -> dict:
        """One locust run: spawn the users, let them log in, measure `seconds`."""
        result = self.tmp / "window.json"
        result.unlink(missing_ok=True)
        env = self._env(LOADTEST_THINK=think, LOADTEST_WINDOW=f"{warmup},{seconds}",
                        LOADTEST_RESULT=str(result), LOADTEST_GUNICORN_PID=str(self.server.pid),
                        LOADTEST_DATABASE=self.database)
        # The window ends the run itself; --run-time only guards against a stuck one.
        ramp = users // spawn_rate + 1
        self._call(self._command(classes, users=users, spawn_rate=spawn_rate,
                                 run_time=ramp + warmup + seconds + 120), env)
        if not result.exists():
            raise CommandError("locust ended before its measuring window did")
        return json.loads(result.read_text())
