"""gunicorn with production settings on a free loopback port, for `manage.py loadtest`.

DEBUG off, a throw-away secret key, no TLS redirect and no secure-only cookies (plain HTTP on
127.0.0.1), the Redis cache, the same database; static files collected into a temporary
STATIC_ROOT for whitenoise. `source` is the checkout whose code is served (the same virtualenv).

As in production, the web workers do not run the periodic work (lob/embedded_beat.py): there
beat and a Celery worker do, and here a job that fell due during a run (the rollups' refresh
every 15 minutes) would be timed as whichever request started it.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(*, database_url: str, static_root: Path) -> dict:
    env = dict(os.environ)
    for name in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH"):
        env.pop(name, None)
    env.update({
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL,
        "LOB_LOG_LEVEL": "WARNING",
        "LOB_EMBEDDED_BEAT": "0",
    })
    return env


def collectstatic(source: Path, env: dict) -> None:
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                   cwd=source, env=env, check=True)


class Gunicorn:
    def __init__(self, *, source: Path, env: dict, workers: int, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "gunicorn", "lob.wsgi:application", "--chdir", str(source),
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
             # No shared control socket in the home directory: runs must not meet.
             "--no-control-socket"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped (exit {self.process.returncode}); "
                                   f"see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=5) as r:  # noqa: S310
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s; see {self.log.name}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
