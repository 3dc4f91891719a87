"""Settings come from the environment with safe defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, **env):
    # The defaults are under test: start from an environment without our settings.
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "LOB_", "CELERY_")) and k not in ("DATABASE_URL", "REDIS_URL")
    }
    base.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True,
        timeout=60, check=False,
    )


def test_secret_key_is_required_without_debug():
    result = _run("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='lob.settings'; django.setup()")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_debug_is_off_by_default_and_hosts_explicit():
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='lob.settings'; django.setup();"
        "from django.conf import settings as s; print(s.DEBUG, s.ALLOWED_HOSTS, s.TIME_ZONE, s.LANGUAGE_CODE, s.CELERY_TASK_ALWAYS_EAGER)"
    )
    result = _run(code, DJANGO_SECRET_KEY="x" * 60)
    assert result.stdout.split() == ["False", "[]", "Europe/Amsterdam", "nl", "True"]


def test_bad_boolean_fails_loudly():
    result = _run(
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='lob.settings'; django.setup()",
        DJANGO_DEBUG="maybe",
    )
    assert result.returncode != 0 and "DJANGO_DEBUG must be a boolean" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    env = {
        "DJANGO_SECRET_KEY": "a-real-secret-" + "k3y" * 20,
        "DJANGO_ALLOWED_HOSTS": "lob.example.nl",
        "DJANGO_SETTINGS_MODULE": "lob.settings",
    }
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, **env},
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_suite_runs_on_the_database_that_database_url_names():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    if expected == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("select version()")
            assert cursor.fetchone()[0].startswith("PostgreSQL")


def test_postgresql_connections_time_out_instead_of_hanging():
    # R7: a blackholed database fails a request after a few seconds, not gunicorn's 30.
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='lob.settings'; django.setup();"
        "from django.conf import settings as s; print(s.DATABASES['default']['OPTIONS']['connect_timeout'])"
    )
    url = "postgres://lob@127.0.0.1:5432/lob"
    default = _run(code, DJANGO_SECRET_KEY="x" * 60, DATABASE_URL=url)
    assert default.stdout.split() == ["5"], default.stderr
    configured = _run(code, DJANGO_SECRET_KEY="x" * 60, DATABASE_URL=url, DATABASE_CONNECT_TIMEOUT="2")
    assert configured.stdout.split() == ["2"], configured.stderr
