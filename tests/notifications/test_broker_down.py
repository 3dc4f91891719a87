"""Issue 15, R8: with the broker down the sweep must not claim work it did not queue."""

import logging
from io import StringIO
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from kombu.exceptions import OperationalError

from lob.notifications.models import Digest, Notification, SweepRun
from tests.factories.students import FollowUpFactory

from .conftest import DAY, at, days


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sweep_with_the_broker_down_reports_nothing_queued_and_logs_it(world, caplog):
    Notification.objects.all().delete()
    FollowUpFactory(session=world.session, student=world.student, owner=world.counsellor,
                    due_date=DAY - days(2))
    out, err = StringIO(), StringIO()
    refused = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with (mock.patch("lob.notifications.tasks.send_digests.delay", side_effect=refused),
          time_machine.travel(at(DAY), tick=False), caplog.at_level(logging.INFO)):
        with pytest.raises(CommandError) as raised:
            call_command("send_reminders", stdout=out, stderr=err)
    assert raised.value.returncode == 1
    assert "Digest e-mails: 0 queued, 0 sent now, 1 waiting" in out.getvalue()
    assert "1 digest e-mail(s) could not be queued" in err.getvalue()
    run = SweepRun.objects.get(scope="daily")
    assert (run.digests_queued, run.digests_not_queued) == (0, 1)
    assert Digest.objects.filter(sent_at__isnull=True).count() == 1  # nothing lost
    assert mail.outbox == []
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("could not be queued (OperationalError)" in m for m in errors)
    assert "Sanne" not in "\n".join(r.getMessage() for r in caplog.records)


REFUSED = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_import_upload_with_the_broker_down_says_so_and_leaves_nothing_waiting(
        login, world, caplog, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from students.models import ImportJob

    client = login(world.admin)
    upload = SimpleUploadedFile("export.csv", b"studentnummer;voornaam\r\n", "text/csv")
    with mock.patch("students.tasks.process_import.delay", side_effect=REFUSED), \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post("/students/import/", {"file": upload})
    assert response.status_code == 302
    assert "De import kon niet starten" in client.get(response["Location"]).content.decode()
    # Nothing claimed, nothing left waiting: the job is failed and its file is gone.
    job = ImportJob.objects.latest("created_at")
    assert job.status == ImportJob.Status.FAILED and bytes(job.content) == b""
    assert any("could not be queued: OperationalError" in r.getMessage() for r in caplog.records)


def test_dashboard_refresh_with_the_broker_down_says_so(login, world):
    from lob.dashboards.forms import FilterForm
    from lob.dashboards.periods import shown_years

    client = login(world.manager)
    year = shown_years(FilterForm().today)[0]
    with mock.patch("lob.dashboards.tasks.refresh_year.delay", side_effect=REFUSED):
        response = client.post("/dashboards/refresh/", {"year": str(year)}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "De taak kon niet worden ingepland" in page
    assert "worden bijgewerkt" not in page
