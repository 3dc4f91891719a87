"""Settings for LOB. Everything that differs between machines comes from the environment."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from common.env import envbool, envint, envlist, envstr

from .beat_schedule import BEAT_SCHEDULE

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("LOB_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = envbool("DJANGO_DEBUG", False)

SECRET_KEY = envstr("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required unless DJANGO_DEBUG=1")
    SECRET_KEY = "django-insecure-debug-only-key-never-used-in-production-0123456789"  # noqa: S105

ALLOWED_HOSTS = envlist(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's form and widget templates, for FORM_RENDERER below.
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "common",
    "lob",
    "staff",
    "students",
    "lec",
    "lob.notifications",
    "lob.dashboards",
    "lob.privacy",
    "lob.portal",
    "lob.workplace",
    "lob.community",
    "lob.dossier",
    "lob.appointments",
    "lob.feedback",
    "lob.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Embedded default only (no broker, so no beat): the periodic work of CELERY_BEAT_SCHEDULE
    # runs in the web process when due (lob/embedded_beat.py). Off with a broker.
    "lob.embedded_beat.EmbeddedBeatMiddleware",
    # /health/ needs no session or user: answered before they are loaded (see the class).
    "lob.middleware.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Inside the session middleware: moves an active session's expiry forward (see the class).
    "lob.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the admin sees it: a NUL byte in an admin query parameter is a 400 (see the class).
    "lob.middleware.AdminNulQueryMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: the user's own language setting counts (see the class).
    "lob.middleware.LanguageMiddleware",
    # After authentication: a student's or guardian's account opens only the portal (see the
    # class).
    "lob.middleware.PortalBoundaryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lob.middleware.NoStoreForAuthenticatedMiddleware",
    # Two-factor login: roles that need it (and users who enrolled) see nothing else until
    # they have entered a code in this session (see lob/privacy/twofactor.py).
    "lob.privacy.middleware.TwoFactorMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must come last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lob.urls"
WSGI_APPLICATION = "lob.wsgi.application"

# Forms and widgets render through TEMPLATES, so that templates/django/forms/ may override one of
# Django's widget templates (the select: its options written inline, not included one by one).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lob.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lob.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Page queries are short; PostgreSQL's JIT compiler costs more (tens of ms on a caseload
    # whose estimated cost passes jit_above_cost) than it could ever save on them.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # A database that does not answer (a dropped route, a blackholed address) fails the
    # request after this many seconds instead of hanging it until gunicorn kills the worker.
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = envint("DATABASE_CONNECT_TIMEOUT", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "staff.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # E-mail and password; refuses everything when LOB_PASSWORD_LOGIN is off (lob/auth.py).
    "lob.auth.PasswordBackend",
    # Sign-in through the college's identity provider; idle unless LOB_OIDC_ISSUER is set.
    "lob.sso.Backend",
    # The portal's one-time sign-in links (students, parents): lob/portal/backends.py.
    "lob.portal.backends.LinkBackend",
]

# Password sign-in: on for the embedded default; a college that signs in through its identity
# provider switches it off (then no password is accepted anywhere, the admin included).
LOB_PASSWORD_LOGIN = envbool("LOB_PASSWORD_LOGIN", True)

# Single sign-on through OpenID Connect (lob/sso.py, README "Single sign-on"). The endpoints
# come from the issuer's discovery document.
LOB_OIDC_ISSUER = envstr("LOB_OIDC_ISSUER").rstrip("/")
LOB_OIDC_CLIENT_ID = envstr("LOB_OIDC_CLIENT_ID")
LOB_OIDC_CLIENT_SECRET = envstr("LOB_OIDC_CLIENT_SECRET")
if LOB_OIDC_ISSUER and not (LOB_OIDC_CLIENT_ID and LOB_OIDC_CLIENT_SECRET):
    raise ImproperlyConfigured("LOB_OIDC_ISSUER needs LOB_OIDC_CLIENT_ID and LOB_OIDC_CLIENT_SECRET")
LOB_OIDC_SCOPES = envstr("LOB_OIDC_SCOPES", "openid email profile")
LOB_OIDC_SIGN_ALGO = envstr("LOB_OIDC_SIGN_ALGO", "RS256")
# How a person is matched to an account: "email" (then the subject is stored on the account at
# the first sign-in and must stay the same) or "subject" (only the stored subject counts).
LOB_OIDC_MATCH = envstr("LOB_OIDC_MATCH", "email")
if LOB_OIDC_MATCH not in ("email", "subject"):
    raise ImproperlyConfigured("LOB_OIDC_MATCH must be 'email' or 'subject'")
LOB_OIDC_SUBJECT_CLAIM = envstr("LOB_OIDC_SUBJECT_CLAIM", "sub")
LOB_OIDC_EMAIL_CLAIM = envstr("LOB_OIDC_EMAIL_CLAIM", "email")
# The provider asserts a multi-factor sign-in with one of these amr or acr values; the session
# then needs no LOB code. Empty lists: LOB's own two-factor login always applies.
LOB_OIDC_MFA_AMR = envlist("LOB_OIDC_MFA_AMR", ["mfa"])
LOB_OIDC_MFA_ACR = envlist("LOB_OIDC_MFA_ACR", [])
# Accounts for people unknown to LOB: off (they see a page saying so); on: an account without
# roles in LOB_OIDC_PROVISION_COLLEGE (a college's short name).
LOB_OIDC_CREATE_USERS = envbool("LOB_OIDC_CREATE_USERS", False)
LOB_OIDC_PROVISION_COLLEGE = envstr("LOB_OIDC_PROVISION_COLLEGE")
LOB_OIDC_END_PROVIDER_SESSION = envbool("LOB_OIDC_END_PROVIDER_SESSION", True)  # lob.sso
LOB_OIDC_LEEWAY_SECONDS = envint("LOB_OIDC_LEEWAY_SECONDS", 30)
LOB_OIDC_TIMEOUT = envint("LOB_OIDC_TIMEOUT", 10)
LOB_OIDC_BUTTON_LABEL = envstr("LOB_OIDC_BUTTON_LABEL", "")
# mozilla-django-oidc's own settings, derived from the above.
OIDC_RP_SCOPES = LOB_OIDC_SCOPES
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_TIMEOUT = LOB_OIDC_TIMEOUT
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = True  # the hint the provider's end-session endpoint asks for
# Argon2id at OWASP's baseline cost (lob/hashers.py); PBKDF2 hashes of old still verify.
PASSWORD_HASHERS = ["lob.hashers.LobArgon2PasswordHasher",
                    "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after a period of inactivity: activity pushes the expiry forward, written at
# most once per LOB_SESSION_TOUCH_SECONDS (lob.middleware.IdleSessionMiddleware), so a session
# ends between SESSION_COOKIE_AGE - LOB_SESSION_TOUCH_SECONDS and SESSION_COOKIE_AGE after the
# last request, and a page does not write its session row every time it is opened.
SESSION_COOKIE_AGE = envint("LOB_SESSION_IDLE_MINUTES", 30) * 60
LOB_SESSION_TOUCH_SECONDS = envint("LOB_SESSION_TOUCH_SECONDS", 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Failed-login throttling (django-axes): after LOB_LOGIN_FAILURE_LIMIT failures for the same
# e-mail address from the same IP the account is locked for LOB_LOGIN_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = envint("LOB_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("LOB_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# The throttle counts the address as the login looks it up: trimmed and lower-cased (lob/auth.py).
AXES_USERNAME_CALLABLE = "lob.auth.axes_username"
AXES_RESET_ON_SUCCESS = True
# The 429 says how long to wait (and sends Retry-After): lob/auth.py.
AXES_LOCKOUT_CALLABLE = "lob.auth.lockout_response"
# Sign-ins through the identity provider are not password attempts (lob/auth.py).
AXES_WHITELIST_CALLABLE = "lob.auth.axes_exempt"
AXES_VERBOSE = False
# The client's address behind the deployment's reverse proxies (lob/net.py).
AXES_CLIENT_IP_CALLABLE = "common.net.client_ip"
LOB_TRUSTED_PROXIES = envint("LOB_TRUSTED_PROXIES", 0)
if LOB_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("LOB_TRUSTED_PROXIES must be 0 or more")

# Forgotten password (lob/password_reset.py): links per address and per client IP an hour, and
# how long a link stays valid.
LOB_PASSWORD_RESET_PER_ADDRESS = envint("LOB_PASSWORD_RESET_PER_ADDRESS", 3)
LOB_PASSWORD_RESET_PER_IP = envint("LOB_PASSWORD_RESET_PER_IP", 10)
PASSWORD_RESET_TIMEOUT = envint("LOB_PASSWORD_RESET_LINK_MINUTES", 120) * 60

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["lob.formats"]  # one date format per purpose, see lob/formats
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Third-party assets come from the npm registry (package.json / package-lock.json).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Students' career-dossier evidence: private files, never under a public URL (no base URL,
    # no media route); lob.dossier serves each one through a view that checks who asks.
    "dossier": {
        "BACKEND": "lob.dossier.storage.PrivateFileSystemStorage",
        "OPTIONS": {
            "location": envstr("LOB_DOSSIER_FILES_DIR", str(VAR_DIR / "private" / "dossier")),
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail
EMAIL_BACKEND = envstr("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
                       if envstr("DJANGO_EMAIL_HOST") else "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = envint("DJANGO_EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = envstr("DJANGO_DEFAULT_FROM_EMAIL", "LOB <lob@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
LOB_BASE_URL = envstr("LOB_BASE_URL", "http://localhost:8000")
# Only used with DJANGO_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend.
EMAIL_FILE_PATH = envstr("DJANGO_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

# Cache: Redis when configured, otherwise per-process memory.
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions are read from Redis and written through to the database (which stays the
    # record: an emptied cache logs nobody out).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: without a broker tasks run eagerly in the calling process (embedded default).
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL") or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# The worker logs through LOGGING below (lob/celery.py), never through handlers of its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A separate queue name lets a test worker (or a second installation) share one Redis.
CELERY_TASK_DEFAULT_QUEUE = envstr("CELERY_TASK_DEFAULT_QUEUE", "celery")
# Without a broker no beat runs: the web process runs the schedule below itself when it is due
# (lob/embedded_beat.py), keeping its last runs in this file, as beat does.
LOB_EMBEDDED_BEAT = envbool("LOB_EMBEDDED_BEAT", CELERY_TASK_ALWAYS_EAGER)
LOB_EMBEDDED_BEAT_FILE = envstr("LOB_EMBEDDED_BEAT_FILE", str(VAR_DIR / "embedded-beat-schedule"))
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE  # every periodic task, with when it runs

# Security. Behind a TLS-terminating proxy (see docker-compose.yml).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No personal data in logs or error reports: every handler drops exception messages, local
# variables and query strings (lob/privacy/redaction.py); error mails go through a reporter that
# leaves out request data and exception values.
ADMINS = [("LOB", a) for a in envlist("LOB_ADMIN_EMAILS", [])]
DEFAULT_EXCEPTION_REPORTER = "lob.privacy.redaction.PrivacyExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "lob.privacy.redaction.PrivacyExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_personal_data": {"()": "lob.privacy.redaction.PersonalDataFilter"},
        "no_refusal_tracebacks": {"()": "lob.logfilters.NoTracebackForRefusals"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    # Every process (web, worker, beat, commands) logs through this one configuration: time,
    # level and logger name, so that an operator can grep a worker log for ERROR.
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler",
                    "filters": ["no_refusal_tracebacks", "no_personal_data"],
                    "formatter": "plain"},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR",
                        "filters": ["require_debug_false", "no_personal_data"]},
    },
    "root": {"handlers": ["console"], "level": envstr("LOB_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Replaces Django's default handlers of the "django" logger (which have no filter).
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
    },
}

# Content-Security-Policy (django-csp): scripts only from our own origin, no inline scripts or
# event handlers, no inline styles (style attributes or elements: templates use the classes in
# static/css/lob.css; styles that Bootstrap's or htmx's scripts set through the CSSOM are not
# inline styles and stay allowed).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Two-factor login (django-otp, TOTP). Required for these roles; optional for everyone else.
LOB_TWO_FACTOR_ROLES = ["lec_worker", "lec_lead", "admin"]
OTP_TOTP_ISSUER = envstr("LOB_OTP_ISSUER", "LOB")
# Wrong codes: django-otp's own throttle (a delay of 1, 2, 4 … seconds from the FIRST wrong
# code) refused the right code typed within a second of a mistype, so it is off (factor 0) and
# lob.privacy.twofactor throttles instead: LOB_OTP_FREE_FAILURES wrong codes in a row cost
# nothing; each further one locks the device for LOB_OTP_LOCKOUT_SECONDS, doubling every time
# (at most an hour). A right code resets the count.
OTP_TOTP_THROTTLE_FACTOR = 0
LOB_OTP_FREE_FAILURES = envint("LOB_OTP_FREE_FAILURES", 5)
LOB_OTP_LOCKOUT_SECONDS = envint("LOB_OTP_LOCKOUT_SECONDS", 60)
# Exports and erasure ask for the password (and a code when enrolled) again after this long.
LOB_REAUTH_MINUTES = envint("LOB_REAUTH_MINUTES", 5)

# Retention (lob/privacy/retention.py): first-line and LEC records are kept this many years
# after the student left (their end date); the LEC access log and the privacy audit trail this
# many years after the entry. `manage.py purge_expired` and the nightly task apply them.
LOB_RETENTION_YEARS = {
    "first_line": envint("LOB_RETENTION_FIRST_LINE_YEARS", 2),
    "lec": envint("LOB_RETENTION_LEC_YEARS", 2),
    "access_log": envint("LOB_RETENTION_ACCESS_LOG_YEARS", 5),
    "privacy_audit": envint("LOB_RETENTION_PRIVACY_AUDIT_YEARS", 5),
}
# The database role that owns the access log's purge function (lec migration 0004): the app
# neither logs in as it nor is a member of it. Empty: no purge function (see docs/operations.md).
LOB_AUDIT_OWNER_ROLE = envstr("LOB_AUDIT_OWNER_ROLE", "lob_audit_owner")
# More distinct LEC cases than this read by one user on one day is flagged to the LEC lead.
LOB_BULK_VIEW_THRESHOLD = envint("LOB_BULK_VIEW_THRESHOLD", 20)

# Domain thresholds (used by pages, reminders and dashboards).
LOB_NOT_SEEN_WEEKS = envint("LOB_NOT_SEEN_WEEKS", 8)
LOB_INTAKE_WITHIN_WEEKS = envint("LOB_INTAKE_WITHIN_WEEKS", 4)
LOB_SESSION_EDIT_DAYS = envint("LOB_SESSION_EDIT_DAYS", 7)
# A current placement with no visit in this many weeks (one MBO period) has had no visit this
# period; a praktijkopleider's link works once and for this many days.
LOB_PLACEMENT_VISIT_WEEKS = envint("LOB_PLACEMENT_VISIT_WEEKS", 10)
LOB_TRAINER_LINK_DAYS = envint("LOB_TRAINER_LINK_DAYS", 14)
# An alumnus stays in the pool this long after giving consent (unless withdrawn sooner).
LOB_ALUMNI_TERM_YEARS = envint("LOB_ALUMNI_TERM_YEARS", 3)
# LEC: a referral not triaged within this many working days (Monday to Friday without the Dutch
# public holidays, lec/workdays.py) is overdue; an accepted case without feedback to the first
# line for this many days is overdue.
LOB_REFERRAL_TRIAGE_WORKING_DAYS = envint("LOB_REFERRAL_TRIAGE_WORKING_DAYS", 5)
LOB_REFERRAL_FEEDBACK_DAYS = envint("LOB_REFERRAL_FEEDBACK_DAYS", 20)
# Reminders: an open follow-up this many days past its due date goes to the team manager; a
# 360 request is reminded this many days before its deadline; a review meeting this many
# days before its planned date.
LOB_FOLLOW_UP_ESCALATION_DAYS = envint("LOB_FOLLOW_UP_ESCALATION_DAYS", 7)
LOB_FEEDBACK_REQUEST_NOTICE_DAYS = envint("LOB_FEEDBACK_REQUEST_NOTICE_DAYS", 3)
LOB_REVIEW_MEETING_NOTICE_DAYS = envint("LOB_REVIEW_MEETING_NOTICE_DAYS", 3)
# A worker holds a digest this long while sending; after that another may take it over.
LOB_REMINDER_CLAIM_MINUTES = envint("LOB_REMINDER_CLAIM_MINUTES", 15)
# A send task takes this many digests: they are claimed, sent over one SMTP connection and
# marked sent together (a constant number of queries per batch, so 1,000 digests cost four
# batches' worth); a worker killed mid-batch resends at most these, each with the same
# Message-ID. A batch that is still sending when half its claim has gone by stops, releases the
# rest and retries it, so a slow SMTP server cannot let a claim expire mid-batch.
LOB_DIGEST_BATCH_SIZE = envint("LOB_DIGEST_BATCH_SIZE", 250)
# A send task that failed on SMTP, the network or the database retries after a random delay of
# up to LOB_SEND_RETRY_BACKOFF seconds, doubling per retry up to LOB_SEND_RETRY_BACKOFF_MAX.
LOB_SEND_RETRY_BACKOFF = envint("LOB_SEND_RETRY_BACKOFF", 60)
LOB_SEND_RETRY_BACKOFF_MAX = envint("LOB_SEND_RETRY_BACKOFF_MAX", 3600)
# The health page answers 503 when a digest is still unsent this long after it was opened.
LOB_DIGEST_MAX_DELAY_HOURS = envint("LOB_DIGEST_MAX_DELAY_HOURS", 2)
# The health page answers 503 when the daily sweep last finished longer ago than this.
LOB_SWEEP_MAX_AGE_HOURS = envint("LOB_SWEEP_MAX_AGE_HOURS", 26)
LOB_IMPORT_MAX_BYTES = envint("LOB_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
# Uploaded files (shared materials): stored through Django's storage API under MEDIA_ROOT and
# served only through views that check access (there is no public media URL).
MEDIA_ROOT = envstr("LOB_MEDIA_ROOT", str(VAR_DIR / "media"))
LOB_UPLOAD_MAX_BYTES = envint("LOB_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Career dossier: one evidence file may be this large (PDF, image or Word document).
LOB_EVIDENCE_MAX_BYTES = envint("LOB_EVIDENCE_MAX_BYTES", 5 * 1024 * 1024)
# Appointments: a student books at least this many hours ahead and cancels at least this many
# hours before the start (later, they ask their counsellor), with at most this many booked
# appointments still to come at once.
LOB_APPOINTMENT_BOOK_MIN_HOURS = envint("LOB_APPOINTMENT_BOOK_MIN_HOURS", 2)
LOB_APPOINTMENT_CANCEL_MIN_HOURS = envint("LOB_APPOINTMENT_CANCEL_MIN_HOURS", 24)
LOB_APPOINTMENT_MAX_OPEN = envint("LOB_APPOINTMENT_MAX_OPEN", 2)
# Aggregates of students' answers and dossiers (team dashboard, a counsellor's own feedback) are
# shown only from this many students or answers up: nobody can be picked out of a smaller group.
LOB_AGGREGATE_MIN_GROUP = envint("LOB_AGGREGATE_MIN_GROUP", 5)
# A student may say whether a conversation helped up to this many days after it.
LOB_FEEDBACK_WINDOW_DAYS = envint("LOB_FEEDBACK_WINDOW_DAYS", 30)
# Scheduled import: the student information system drops its exports in
# <dir>/<college short name>/students/ (full exports) and .../absences/; empty: off.
LOB_IMPORT_DROP_DIR = envstr("LOB_IMPORT_DROP_DIR", "")
# A dropped file is left alone until it has not changed for this long (still being written).
LOB_IMPORT_DROP_SETTLE_SECONDS = envint("LOB_IMPORT_DROP_SETTLE_SECONDS", 60)
# Besides the college's functional administrators, who receive the drop-folder reports.
LOB_IMPORT_REPORT_EMAILS = envlist("LOB_IMPORT_REPORT_EMAILS", [])
# Absence alert: at least this many days with unexcused absence within the window, or a rising
# trend (this window's days at least LOB_ABSENCE_TREND_FACTOR times those of the window before,
# and at least LOB_ABSENCE_TREND_MIN_DAYS).
LOB_ABSENCE_ALERT_DAYS = envint("LOB_ABSENCE_ALERT_DAYS", 3)
LOB_ABSENCE_WINDOW_WEEKS = envint("LOB_ABSENCE_WINDOW_WEEKS", 4)
LOB_ABSENCE_TREND_FACTOR = envint("LOB_ABSENCE_TREND_FACTOR", 2)
LOB_ABSENCE_TREND_MIN_DAYS = envint("LOB_ABSENCE_TREND_MIN_DAYS", 2)
# The BI API: requests per token per minute.
LOB_API_RATE_PER_MINUTE = envint("LOB_API_RATE_PER_MINUTE", 60)
# The BI API leaves out the figures of a team or college with fewer active students than this.
LOB_API_MIN_GROUP_SIZE = envint("LOB_API_MIN_GROUP_SIZE", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The portal's one-time sign-in links (students and guardians): valid this many minutes, used
# once; at most LOB_PORTAL_LINKS_PER_HOUR are sent to one account in an hour, and one client
# address may ask for LOB_PORTAL_LINK_REQUESTS_PER_HOUR links (known addresses or not).
LOB_PORTAL_LINK_MINUTES = envint("LOB_PORTAL_LINK_MINUTES", 15)
LOB_PORTAL_LINKS_PER_HOUR = envint("LOB_PORTAL_LINKS_PER_HOUR", 3)
LOB_PORTAL_LINK_REQUESTS_PER_HOUR = envint("LOB_PORTAL_LINK_REQUESTS_PER_HOUR", 20)
