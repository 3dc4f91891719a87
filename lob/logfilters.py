"""Logging filters of the project (settings.LOGGING)."""

import logging


class NoTracebackForRefusals(logging.Filter):
    """A refused request (403 for a page not meant for the role, 404, 400) is an answer, not a
    fault: Django logs it with the exception attached, which wrote a full traceback to the log
    for every 403. The line stays (path and status, for the operator); the traceback goes."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
