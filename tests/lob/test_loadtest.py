"""`manage.py loadtest`: the role mix locust runs, the codes its LEC users type, and the shape of
var/loadtest.json built from locust's stats. (The load itself is measured, not tested.)"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django_otp.oath import TOTP

from lob.loadtest import dataset, report, totp
from lob.loadtest.server import production_env
from lob.management.commands.loadtest import MIX

LOCUSTFILE = Path(settings.BASE_DIR) / "lob" / "loadtest" / "locustfile.py"


def test_locust_runs_the_role_mix_and_each_roles_pages():
    # locust monkey-patches the process it is imported in (gevent): ask it in its own.
    shown = subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--show-task-ratio-json", *MIX],
        capture_output=True, text=True, check=True, cwd=settings.BASE_DIR,
    )
    per_class = json.loads(shown.stdout)["per_class"]
    ratios = {name: round(c["ratio"], 2) for name, c in per_class.items()}
    assert ratios == {"CounsellorUser": 0.6, "LecUser": 0.2, "ManagerUser": 0.15,
                      "DirectorUser": 0.05}
    # The accounts chosen per role follow the same shares.
    assert [s / 100 for s in dataset.ROLE_SHARES.values()] == [0.6, 0.2, 0.15, 0.05]
    tasks = {name: set(c["tasks"]) for name, c in per_class.items()}
    assert tasks == {
        "CounsellorUser": {"home", "caseload", "student_list", "student_search", "student_page",
                           "session"},
        "LecUser": {"home", "triage_queue", "case_page", "case_list"},
        "ManagerUser": {"home", "team_dashboard"},
        "DirectorUser": {"home", "college_view"},
    }


def test_every_simulated_user_can_have_an_account_of_its_own():
    assert dataset.accounts_needed(50) == {"counsellor": 30, "lec": 10, "manager": 8,
                                           "director": 3}
    assert dataset.accounts_needed(2) == {"counsellor": 2, "lec": 1, "manager": 1, "director": 1}


def test_codes_are_the_ones_django_otp_accepts():
    key = "3132333435363738393031323334353637383930"  # RFC 6238's SHA-1 test key
    assert totp.code(key, 59 // 30) == "287082"  # RFC 6238 appendix B, last six digits
    device = TOTP(bytes.fromhex(key))
    device.time = 1_111_111_109
    assert totp.code(key, totp.counter(1_111_111_109)) == f"{device.token():06d}"


def locust_entry(name, times, failures=0):
    return {"name": name, "method": "GET", "num_requests": sum(times.values()),
            "num_failures": failures, "response_times": times}


def test_the_result_has_the_documented_shape_from_locusts_stats():
    stats = [
        # 100 requests: 90 at 10 ms, 6 at 50 ms, 4 at 300 ms.
        locust_entry("caseload", {"10": 90, "50": 6, "300": 4}, failures=1),
        locust_entry("home", {"20": 1}),
    ]
    steps = [
        {"kind": "mix", "users": 2, "requests": 200, "seconds": 20.0, "cpu_seconds": 8.0,
         "failures": 0},
        {"kind": "reference", "users": 2, "requests": 3000, "seconds": 10.0,
         "cpu_seconds": 6.0, "failures": 0},
        {"kind": "mix", "users": 4, "requests": 300, "seconds": 20.0, "cpu_seconds": 13.5,
         "failures": 0},
        {"kind": "reference", "users": 4, "requests": 3200, "seconds": 10.0,
         "cpu_seconds": 6.4, "failures": 0},
    ]
    outcome = report.result(scale=10, workers=2, users=50, stats=stats, steps=steps)
    assert outcome == {
        "scale": 10,
        "workers": 2,
        "users": {"count": 50, "endpoints": {
            "caseload": {"requests": 100, "failures": 1, "p50_ms": 10, "p95_ms": 50,
                         "p99_ms": 300},
            "home": {"requests": 1, "failures": 0, "p50_ms": 20, "p95_ms": 20, "p99_ms": 20},
        }},
        "capacity": {"rps": 15.0, "reference_rps": 320.0, "cpu_ms_per_request": 45.0},
    }
    assert json.loads(json.dumps(outcome)) == outcome
    assert any("ratio 0.047" in line for line in report.table(outcome, steps))


def test_capacity_steps_stop_when_throughput_stops_rising():
    assert report.keeps_rising([10.0])
    assert report.keeps_rising([10.0, 10.5])
    assert not report.keeps_rising([10.0, 10.4])
    assert not report.keeps_rising([10.0, 20.0, 19.0])


def test_it_refuses_sqlite_and_databases_not_named_bench():
    # The test database is SQLite or PostgreSQL's test_<name>, never a bench database.
    with pytest.raises(CommandError, match="needs PostgreSQL|does not look like a bench database"):
        call_command("loadtest", "--scale", "1")


def test_the_served_app_runs_no_periodic_work_in_its_web_workers(tmp_path):
    """Production's web workers leave the beat schedule to beat and a worker: a load test whose
    workers ran it would time a rollup refresh as someone's page."""
    env = production_env(database_url="postgres://x@127.0.0.1/lob_bench", static_root=tmp_path)
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.DEBUG, settings.LOB_EMBEDDED_BEAT)")
    done = subprocess.run([sys.executable, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE":
                          "lob.settings"}, cwd=settings.BASE_DIR, capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["False", "False"]
