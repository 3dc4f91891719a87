"""No personal data in logs or error reports: a canary (a student's name and a diagnosis) sent
through a failing request never reaches the log output or the error mail to the admins."""

import io
import logging

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path

from lob.privacy.redaction import PersonalDataFilter

pytestmark = pytest.mark.django_db

NAME = "Canarina Vogelaar"
DIAGNOSIS = "CANARY-DIAGNOSE-borderline-4411"
logger = logging.getLogger("lob.test.canary")


def failing_view(request):
    student_name = NAME  # noqa: F841 - a local variable the error report must not show
    diagnosis = request.POST.get("diagnosis") or DIAGNOSIS
    logger.warning("Looked at %s", _Named())
    raise ValueError(f"Could not save the finding for {NAME}: {diagnosis}")


def ok_view(request):
    logger.info("Search for %s", request.get_full_path())
    return HttpResponse("ok")


class _Named:
    """Stands in for a model instance whose str() is a name."""

    def __str__(self):
        return NAME


urlpatterns = [path("boom/", failing_view), path("ok/", ok_view)]


@pytest.fixture
def captured_logs():
    """Point every configured stream handler at a buffer for the test."""
    buffer = io.StringIO()
    handlers = []
    for name in ["", "django", "django.request", "lob", "lob.test.canary"]:
        for handler in logging.getLogger(name).handlers:
            if isinstance(handler, logging.StreamHandler) and handler not in handlers:
                handlers.append(handler)
    assert handlers, "no stream handler configured"
    old = [(h, h.setStream(buffer)) for h in handlers]
    yield buffer
    for handler, stream in old:
        handler.setStream(stream)


@override_settings(ROOT_URLCONF=__name__, ADMINS=[("Ops", "ops@example.test")], DEBUG=False)
def test_canary_is_absent_from_log_output_and_error_mail(captured_logs):
    client = Client(raise_request_exception=False)
    response = client.post(f"/boom/?q={NAME}", {"diagnosis": DIAGNOSIS, "name": NAME},
                           HTTP_REFERER=f"https://lob.example/students/?q={NAME}")
    assert response.status_code == 500
    output = captured_logs.getvalue()
    assert "Internal Server Error: /boom/" in output  # the log still says what broke where
    assert "ValueError" in output and "failing_view" in output
    assert len(mail.outbox) == 1
    report = mail.outbox[0].subject + mail.outbox[0].body
    assert "ValueError" in report and "failing_view" in report
    for text in (output, report):
        assert NAME not in text and "Canarina" not in text
        assert DIAGNOSIS not in text


@override_settings(ROOT_URLCONF=__name__)
def test_query_strings_are_left_out_of_log_lines(captured_logs):
    Client().get(f"/ok/?q={NAME}")
    output = captured_logs.getvalue()
    assert "Search for /ok/?" in output and NAME not in output


def test_the_filter_drops_sql_logging_and_model_instances():
    from students.models import Student

    f = PersonalDataFilter()
    sql = logging.LogRecord("django.db.backends", logging.DEBUG, __file__, 1,
                            "(%.3f) %s; args=%s", (0.1, f"SELECT '{NAME}'", (NAME,)), None)
    assert f.filter(sql) is False
    student = Student(pk=7, first_name="Canarina", last_name="Vogelaar")
    record = logging.LogRecord("lob", logging.INFO, __file__, 1, "Erased %s", (student,), None)
    assert f.filter(record)
    assert record.getMessage() == "Erased <students.Student #7>"


def test_settings_wire_the_filter_and_the_reporters(settings):
    assert "no_personal_data" in settings.LOGGING["handlers"]["console"]["filters"]
    assert "no_personal_data" in settings.LOGGING["handlers"]["mail_admins"]["filters"]
    assert settings.DEFAULT_EXCEPTION_REPORTER.endswith("PrivacyExceptionReporter")
    assert settings.DEFAULT_EXCEPTION_REPORTER_FILTER.endswith("PrivacyExceptionReporterFilter")


@pytest.mark.django_db(transaction=True)
def test_an_error_in_an_on_commit_hook_is_logged_redacted_not_dropped(captured_logs):
    """Issue 15, R6: Django logs a failing on_commit hook under django.db.backends.base; the
    filter used to drop that whole tree, so an SMTP or broker outage left no log line."""
    from django.db import transaction

    def enqueue_for_canary():
        raise ConnectionError(f"broker down while queueing mail to {NAME}")

    with transaction.atomic():
        transaction.on_commit(enqueue_for_canary, robust=True)
    output = captured_logs.getvalue()
    assert "Error calling" in output and "enqueue_for_canary" in output
    assert "ConnectionError" in output
    assert NAME not in output


def test_celery_task_log_lines_keep_the_exception_type_only():
    f = PersonalDataFilter()
    context = {"hostname": "w@host", "id": "abc", "name": "students.tasks.process_import",
               "exc": f"ValueError('bad date of birth for {NAME}: 17-05-2008')",
               "traceback": f"Traceback …{NAME}", "args": f"({NAME!r},)", "kwargs": "{}",
               "description": "raised unexpected", "internal": False}
    record = logging.LogRecord("celery.app.trace", logging.ERROR, __file__, 1,
                               "Task %(name)s[%(id)s] %(description)s: %(exc)s", (context,), None)
    assert f.filter(record)
    message = record.getMessage()
    assert message == ("Task students.tasks.process_import[abc] raised unexpected: "
                       "ValueError([redacted])")
    assert NAME not in str(record.args)


def test_the_celery_worker_logs_through_djangos_logging(settings):
    from celery.signals import setup_logging

    import lob.celery

    assert settings.CELERY_WORKER_HIJACK_ROOT_LOGGER is False
    assert any(r[1]() is lob.celery.use_django_logging for r in setup_logging.receivers)
