"""The simulated users of `manage.py loadtest` (run by locust, headless, in its own process).

Each user logs in through the login form as a real user of its role from the bench data set
(LEC staff also enter the code of their authenticator), then works through its role's pages:
counsellors 60 %, LEC staff 20 %, managers 15 %, directors 5 %. ReferenceUser only opens the
login page: the trivial view the capacity is compared with.

The run is described by the environment:
- LOADTEST_PLAN: a JSON file written by the command: the password, the server's time zone and
  per role the accounts with the ids their pages need;
- LOADTEST_THINK: "2,8" (seconds between a user's requests, uniformly) or "0";
- LOADTEST_WINDOW, LOADTEST_RESULT, LOADTEST_GUNICORN_PID, LOADTEST_DATABASE: once every user
  has been started, wait "warmup" seconds and until every login is done, then count the requests
  (per name, with their response times as locust keeps them; the logins whenever they happen)
  and the server's CPU time for "seconds", write them to LOADTEST_RESULT as JSON and stop the
  run. The phase measures work in steady state, not the morning's login rush.
"""

import datetime
import itertools
import json
import os
import random
import re
import time
import zoneinfo

import gevent
from locust import HttpUser, events, task

from lob.loadtest import cpu, totp

LOGIN_URL = "/accounts/login/"
VERIFY_URL = "/privacy/two-factor/verify/"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_plan: dict | None = None
_next_account = {}
_last_code_step: dict[str, int] = {}


def plan() -> dict:
    global _plan
    if _plan is None:
        with open(os.environ["LOADTEST_PLAN"]) as f:
            _plan = json.load(f)
    return _plan


def take_account(role: str) -> dict:
    """The next account of `role`, round-robin: every simulated user is another real user as
    long as the plan has enough of them."""
    accounts = plan()["accounts"][role]
    counter = _next_account.setdefault(role, itertools.count())
    return accounts[next(counter) % len(accounts)]


def think_range() -> tuple[float, float]:
    parts = [float(p) for p in os.environ.get("LOADTEST_THINK", "0").split(",")]
    return (parts[0], parts[-1])


def code_step_for(email: str) -> int:
    """A time step whose code this account has not used yet: django-otp refuses a code of a step
    at or before the last one it accepted. One step ahead is still accepted (tolerance 1);
    further ahead, wait for the clock."""
    step = max(totp.counter(), _last_code_step.get(email, -1) + 1)
    while step > totp.counter() + 1:
        gevent.sleep(1)
    _last_code_step[email] = step
    return step


class LobUser(HttpUser):
    abstract = True
    role = ""

    def wait_time(self):
        low, high = think_range()
        return random.uniform(low, high)

    def on_start(self):
        self.account = take_account(self.role)
        _counted["logging_in"] += 1
        try:
            self.log_in()
        finally:
            _counted["logging_in"] -= 1

    def csrf(self, html: str = "") -> str:
        found = CSRF_INPUT.search(html)
        return found.group(1) if found else self.client.cookies.get("csrftoken", "")

    def log_in(self) -> None:
        page = self.client.get(LOGIN_URL, name="login: form")
        data = {"username": self.account["email"], "password": plan()["password"],
                "csrfmiddlewaretoken": self.csrf(page.text)}
        with self.client.post(LOGIN_URL, data=data, name="login: password",
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")
                return
        if "totp_key" not in self.account:
            return
        step = code_step_for(self.account["email"])
        data = {"code": totp.code(self.account["totp_key"], step), "next": "/",
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        with self.client.post(VERIFY_URL, data=data, name="login: code",
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"code answered {response.status_code}")

    def page(self, url: str, name: str):
        """GET a page that must answer 200 itself (a redirect, e.g. to the login, fails)."""
        with self.client.get(url, name=name, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{name} answered {response.status_code}")
            return response

    @task(1)
    def home(self):
        self.page("/", "home")


class CounsellorUser(LobUser):
    weight = 60
    role = "counsellor"

    def student(self) -> int:
        return random.choice(self.account["students"])

    @task(2)
    def caseload(self):
        self.page("/students/caseload/", "caseload")

    @task(1)
    def student_list(self):
        self.page("/students/", "student_list")

    @task(2)
    def student_search(self):
        account = self.account
        query = random.choice([
            f"?q={account['search']}",
            f"?team={account['team']}&status=active",
            f"?q={account['search']}&study_year={random.randint(1, 3)}&status=active",
        ])
        self.page(f"/students/{query}", "student_list: search, filters")

    @task(3)
    def student_page(self):
        self.page(f"/students/{self.student()}/", "student_page")

    @task(1)
    def session(self):
        student = self.student()
        form = self.page(f"/students/sessions/new/?student={student}", "session_form")
        if form.status_code != 200:
            return
        zone = zoneinfo.ZoneInfo(plan()["time_zone"])
        held = datetime.datetime.now(zone) - datetime.timedelta(minutes=random.randint(60, 600))
        data = {
            "csrfmiddlewaretoken": self.csrf(form.text), "student": str(student),
            "kind": "career", "held_at": held.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "30", "location": "private_room",
            "summary": "Loadtest: gesprek over stage.", "agreements": "",
            "fu-TOTAL_FORMS": "0", "fu-INITIAL_FORMS": "0", "fu-MIN_NUM_FORMS": "0",
            "fu-MAX_NUM_FORMS": "1000",
        }
        with self.client.post(f"/students/sessions/new/?student={student}", data=data,
                              name="session_post", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"session_post answered {response.status_code}")


class LecUser(LobUser):
    weight = 20
    role = "lec"

    @task(2)
    def triage_queue(self):
        self.page("/lec/", "triage_queue")

    @task(3)
    def case_page(self):
        self.page(f"/lec/{random.choice(self.account['cases'])}/", "case_page")

    @task(1)
    def case_list(self):
        self.page("/lec/cases/", "case_list")


class ManagerUser(LobUser):
    weight = 15
    role = "manager"

    @task(3)
    def team_dashboard(self):
        self.page(f"/dashboards/team/{self.account['team']}/", "team_dashboard")


class DirectorUser(LobUser):
    weight = 5
    role = "director"

    @task(3)
    def college_view(self):
        self.page(f"/dashboards/college/{self.account['college']}/", "college_view")


class ReferenceUser(HttpUser):
    """The trivial reference: the login page, anonymous, no think time."""

    weight = 1

    def wait_time(self):
        return 0

    @task
    def login_page(self):
        self.client.get(LOGIN_URL, name="reference: login page")


# --- the measuring window ---------------------------------------------------------------------

_counted = {"requests": 0, "failures": 0, "open": False, "started": False, "logging_in": 0}
_stats: dict[str, dict] = {}
_environment = {}


def rounded_ms(ms: float) -> int:
    """As locust keeps response times: exact below 100 ms, then to 2–3 significant digits."""
    for limit, digits in ((100, 0), (1000, -1), (10000, -2)):
        if ms < limit:
            return int(round(ms, digits))
    return int(round(ms, -3))


def record(name: str, method: str, ms: float, failed: bool) -> None:
    entry = _stats.setdefault(name, {"name": name, "method": method, "num_requests": 0,
                                     "num_failures": 0, "response_times": {}})
    entry["num_requests"] += 1
    entry["num_failures"] += failed
    key = str(rounded_ms(ms))
    entry["response_times"][key] = entry["response_times"].get(key, 0) + 1


@events.init.add_listener
def _remember(environment, **kwargs):
    _environment["environment"] = environment


@events.request.add_listener
def _count(request_type, name, response_time, exception, **kwargs):
    login = name.startswith("login")
    # Logins are kept whenever they happen (all of them come before the window opens).
    if login or _counted["open"]:
        record(name, request_type, response_time, exception is not None)
    if _counted["open"] and not login:
        _counted["requests"] += 1
        _counted["failures"] += exception is not None


@events.spawning_complete.add_listener
def _start_window(user_count, **kwargs):
    if os.environ.get("LOADTEST_WINDOW") and not _counted["started"]:
        _counted["started"] = True
        gevent.spawn(_measure, _environment["environment"])


def _measure(environment) -> None:
    warmup, seconds = (float(p) for p in os.environ["LOADTEST_WINDOW"].split(","))
    gevent.sleep(warmup)
    # Logins (a deliberately slow password hash) are not what the window measures.
    deadline = time.monotonic() + 120
    while _counted["logging_in"] and time.monotonic() < deadline:
        gevent.sleep(0.5)
    gevent.sleep(1)
    processes = cpu.served_by(int(os.environ["LOADTEST_GUNICORN_PID"]),
                              os.environ["LOADTEST_DATABASE"])
    before = cpu.cpu_seconds(processes)
    started = time.monotonic()
    _counted["open"] = True
    gevent.sleep(seconds)
    _counted["open"] = False
    elapsed = time.monotonic() - started
    # Backends that connected during the window count too (from zero).
    processes = cpu.served_by(int(os.environ["LOADTEST_GUNICORN_PID"]),
                              os.environ["LOADTEST_DATABASE"])
    used = cpu.used_between(before, cpu.cpu_seconds(processes))
    result = {"requests": _counted["requests"], "failures": _counted["failures"],
              "seconds": elapsed, "cpu_seconds": used, "stats": list(_stats.values())}
    with open(os.environ["LOADTEST_RESULT"], "w") as f:
        json.dump(result, f)
    environment.runner.quit()
