"""Settings for the test suite: production settings with a throw-away secret and plain HTTP."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-6f1c2a9e8b7d")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_HSTS_SECONDS", "0")
# Dossier evidence files written by tests go to a throw-away directory.
os.environ.setdefault("LOB_DOSSIER_FILES_DIR", tempfile.mkdtemp(prefix="lob-test-dossier-"))


def _own_redis_database(url: str, worker: int) -> str:
    """The Redis URL of one pytest-xdist worker: its own database number, so that one worker's
    cache.clear() (FLUSHDB) or Celery queue never touches another's. Worker 0 keeps the URL."""
    head, _, database = url.rpartition("/")
    if worker == 0 or not database.isdigit():
        return url
    return f"{head}/{(int(database) - 2 * worker) % 16}"


# pytest-xdist (`make test` runs the suite on every core) names its workers gw0, gw1, ...; each
# has its own test database (pytest-django adds the suffix) and, through this, its own Redis
# databases for the cache and the Celery broker (read below by the settings and the
# real-worker tests).
_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
for _name in ("REDIS_URL", "CELERY_BROKER_URL"):
    if os.environ.get(_name) and _worker.isdigit():
        os.environ[_name] = _own_redis_database(os.environ[_name], int(_worker))

from .settings import *  # noqa: E402,F403
from .settings import STORAGES  # noqa: E402

# Argon2 is the production hasher (asserted in tests); a fast one keeps the suite quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Serve static files straight from the finders (no collectstatic needed for tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tests run tasks in-process; the real-worker integration tests switch this off themselves.
CELERY_TASK_ALWAYS_EAGER = True
# No periodic work behind a test's back; tests/lob/test_embedded_beat.py switches it on.
LOB_EMBEDDED_BEAT = False
# Test databases get no access-log purge function from the migrations, whatever roles the
# cluster has: the tests that need one install it with a role of their own.
LOB_AUDIT_OWNER_ROLE = ""
# Uploaded files of the test run go to a directory of their own, not the checkout's var/.
MEDIA_ROOT = tempfile.mkdtemp(prefix="lob-test-media-")
# A page's query count is pinned in many tests; the session row's write when its expiry moves
# (lob.middleware.IdleSessionMiddleware, at most once a minute) would make it depend on how far
# a test moved the clock. Here the expiry moves once per session; the idle-timeout tests set
# the production interval themselves.
LOB_SESSION_TOUCH_SECONDS = 10**9
# Sessions as production keeps them (read from the cache, written through to the database),
# with or without Redis: the pinned query counts are the same on every machine. (Without a
# shared cache the embedded default keeps database sessions: lob/settings.py.)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
