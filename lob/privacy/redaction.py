"""No personal data in logs or error reports.

Log records and error mails carry what went wrong in the code, never the data it was working
on: exception messages (an IntegrityError quotes the row), local variables, request parameters,
query strings and model instances (their `str()` is a name) are left out or replaced by a
type name and a primary key.
"""

import logging
import re
import traceback

from django.db.models import Model
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

REDACTED = "[redacted]"
_QUERY_STRING = re.compile(r"\?[^\s\"']*")
# The loggers that write SQL with its parameter values: dropped whatever the level. Other
# django.db.backends.* loggers (e.g. "django.db.backends.base", where Django logs an error in an
# on_commit hook: an SMTP or broker outage) are redacted like everything else, not dropped.
_SQL_LOGGERS = frozenset({"django.db.backends", "django.db.backends.schema"})
# Celery's task log lines (celery.app.trace) name the task's arguments, its return value and the
# exception's repr (which quotes the data): keep only the exception's type.
_CELERY_DATA_KEYS = frozenset({"args", "kwargs", "return_value", "traceback"})
_EXC_MESSAGE = re.compile(r"\((.*)\)\s*$", re.DOTALL)


def _safe_arg(value):
    if isinstance(value, Model):
        return f"<{value._meta.label} #{value.pk}>"
    if isinstance(value, BaseException):
        return type(value).__name__
    if isinstance(value, str):
        return _QUERY_STRING.sub("?" + REDACTED, value)
    if isinstance(value, int | float | bool) or value is None:
        return value
    return f"<{type(value).__name__}>"


def _safe_named_arg(key, value):
    if key in _CELERY_DATA_KEYS:
        return REDACTED
    if key == "exc" and isinstance(value, str):
        # "ValueError('… a name …')" → "ValueError([redacted])"
        return _EXC_MESSAGE.sub(f"({REDACTED})", value)
    return _safe_arg(value)


def safe_traceback(exc_info) -> str:
    """The frames (file, line, function, source line) and the exception's type, no message."""
    exc_type, exc, tb = exc_info
    lines = ["Traceback (most recent call last):\n"]
    lines.extend(traceback.format_list(traceback.extract_tb(tb)))
    lines.append(f"{exc_type.__module__}.{exc_type.__qualname__}: {REDACTED}")
    return "".join(lines)


class PersonalDataFilter(logging.Filter):
    """Attached to every handler (settings.LOGGING), in every process: the Celery worker logs
    through the same configuration (lob/celery.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # SQL logging quotes parameter values: never let it out, whatever the level.
        if record.name in _SQL_LOGGERS:
            return False
        if record.args:
            if isinstance(record.args, dict):
                record.args = {k: _safe_named_arg(k, v) for k, v in record.args.items()}
            else:
                record.args = tuple(_safe_arg(a) for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = _QUERY_STRING.sub("?" + REDACTED, record.msg)
        if record.exc_info and record.exc_info[0] is not None:
            # Formatters use exc_text when it is set; AdminEmailHandler builds its own report
            # from exc_info through PrivacyExceptionReporter.
            record.exc_text = safe_traceback(record.exc_info)
        record.stack_info = None
        return True


class PrivacyExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports show no local variables and no request parameters at all."""

    def is_active(self, request):
        return True

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


class PrivacyExceptionReporter(ExceptionReporter):
    """The error mail: where it broke, not what it was working on."""

    def get_traceback_frames(self):
        frames = super().get_traceback_frames()
        for frame in frames:
            frame["vars"] = [(k, REDACTED) for k, _v in frame.get("vars", [])]
            if frame.get("exc_cause") is not None:
                frame["exc_cause"] = type(frame["exc_cause"]).__name__
        return frames

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if data.get("exception_value") is not None:
            data["exception_value"] = REDACTED
        data["exception_notes"] = ""
        data["template_info"] = None
        data["template_does_not_exist"] = False
        data["postmortem"] = None
        if self.request is not None:
            data["request_GET_items"] = [(k, REDACTED) for k in self.request.GET]
            data["request_FILES_items"] = [(k, REDACTED) for k in self.request.FILES]
            data["request_COOKIES_items"] = [(k, REDACTED) for k in self.request.COOKIES]
            data["request_insecure_uri"] = self.request.path
            data["request_meta"] = {
                k: (v if k in ("REQUEST_METHOD", "PATH_INFO", "SERVER_NAME", "SERVER_PORT")
                    else REDACTED)
                for k, v in self.request.META.items()
            }
            data["user_str"] = f"#{self.request.user.pk}" if getattr(
                self.request, "user", None) is not None and self.request.user.is_authenticated \
                else None
        return data
