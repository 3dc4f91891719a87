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
