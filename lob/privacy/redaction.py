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


def safe_traceback(exc_info) -> str:
    """The frames (file, line, function, source line) and the exception's type, no message."""
    exc_type, exc, tb = exc_info
    lines = ["Traceback (most recent call last):\n"]
    lines.extend(traceback.format_list(traceback.extract_tb(tb)))
    lines.append(f"{exc_type.__module__}.{exc_type.__qualname__}: {REDACTED}")
    return "".join(lines)


class PersonalDataFilter(logging.Filter):
    """Attached to every handler (settings.LOGGING)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # SQL logging quotes parameter values: never let it out, whatever the level.
        if record.name.startswith("django.db.backends"):
            return False
        if record.args:
            if isinstance(record.args, dict):
                record.args = {k: _safe_arg(v) for k, v in record.args.items()}
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
