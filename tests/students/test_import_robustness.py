"""R2: the import reports a row instead of crashing; a job always ends (failed, file deleted);
the same file is one job; limits, name prefixes and message language hold."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from students.importer import import_file
from students.models import ImportJob, Student
from tests.students.test_import import HEADER, csv_text, good_row, run

pytestmark = pytest.mark.django_db


def english(result):
    with translation.override("en"):
        return [(e.line, " ".join(e.messages)) for e in result.errors]


def test_a_superscript_study_year_is_a_row_error(world):
    row = good_row("300002").replace(";BBL;1;", ";BBL;²;")
    result = run(world, csv_text(good_row(), row))
    assert [line for line, _text in english(result)] == [3]
    assert "study year" in english(result)[0][1]
    assert not Student.objects.filter(student_number="300001").exists()


def test_a_nul_byte_after_the_first_4_kb_is_a_row_error(world):
    filler = [good_row(str(310000 + n)) for n in range(60)]
    text = csv_text(*filler, good_row("300002", first="Pi\x00et"))
    assert text.index("\x00") > 4096
    result = run(world, text)
    assert [line for line, _text in english(result)] == [62]
    assert "control character" in english(result)[0][1]
    assert not Student.objects.filter(student_number="310000").exists()


def test_a_nul_in_a_value_repeated_in_a_message_is_replaced(login, world, django_capture_on_commit_callbacks):
    client = login(world.admin)
    filler = [good_row(str(310000 + n)) for n in range(60)]
    row = good_row().replace(";BBL;1;", ";BBL;\x00;")
    upload = SimpleUploadedFile("export.csv", csv_text(*filler, row).encode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/students/import/", {"file": upload})
    job = ImportJob.objects.latest("created_at")
    assert job.status == ImportJob.Status.FAILED and bytes(job.content) == b""
    assert "\x00" not in str(job.errors) and "\ufffd" in str(job.errors)


def test_re_enrolling_a_student_who_left_is_a_row_error(world):
    assert run(world, csv_text(good_row())).ok
    Student.objects.filter(student_number="300001").update(
        status="graduated", end_date=datetime.date(2026, 12, 31))
    again = good_row().replace("01-09-2026", "01-02-2027")
    result = run(world, csv_text(again))
    assert [line for line, _text in english(result)] == [2]
    assert "left on 2026-12-31" in english(result)[0][1]
    assert Student.objects.get(student_number="300001").start_date == datetime.date(2026, 9, 1)


def test_the_same_file_uploaded_twice_while_waiting_is_one_job(login, world):
    client = login(world.admin)
    content = csv_text(good_row()).encode()
    first = client.post("/students/import/", {"file": SimpleUploadedFile("a.csv", content)})
    second = client.post("/students/import/", {"file": SimpleUploadedFile("b.csv", content)})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert "wordt al geïmporteerd" in client.get(second["Location"]).content.decode()
    assert ImportJob.objects.filter(college=world.college, file_name__in=["a.csv", "b.csv"]).count() == 1


def test_a_crashing_job_is_failed_and_its_file_deleted(login, world, django_capture_on_commit_callbacks):
    client = login(world.admin)
    upload = SimpleUploadedFile("export.csv", csv_text(good_row()).encode())
    with mock.patch("students.importer.jobs.import_file", side_effect=RuntimeError("boom")), \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post("/students/import/", {"file": upload})
    job = ImportJob.objects.latest("created_at")
    assert job.status == ImportJob.Status.FAILED and bytes(job.content) == b""
    assert job.finished_at is not None
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "stopped before it finished" in client.get(response["Location"]).content.decode()


def test_no_broker_at_upload_fails_the_job_with_a_message_not_a_500(login, world, django_capture_on_commit_callbacks):
    client = login(world.admin)
    upload = SimpleUploadedFile("export.csv", csv_text(good_row()).encode())
    with mock.patch("students.tasks.process_import.delay", side_effect=OperationalError("down")), \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post("/students/import/", {"file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.latest("created_at")
    assert job.status == ImportJob.Status.FAILED and bytes(job.content) == b""
    with translation.override("en"):
        assert "could not be started" in job.error_rows[0][1][0]


def test_a_job_stuck_past_its_time_limit_is_failed_by_the_beat_sweep(world):
    from students.tasks import fail_stuck_imports

    job = ImportJob.objects.create(college=world.college, file_name="stuck.csv",
                                   content=b"personal data", status="running")
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(hours=3))
    fresh = ImportJob.objects.create(college=world.college, file_name="fresh.csv", content=b"x")
    assert fail_stuck_imports() >= 1
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and bytes(job.content) == b""
    assert fresh.status == ImportJob.Status.PENDING
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "students.tasks.fail_stuck_imports" in tasks


def test_the_command_obeys_the_upload_size_limit(world, tmp_path, settings):
    settings.LOB_IMPORT_MAX_BYTES = 100
    path = tmp_path / "export.csv"
    path.write_text(csv_text(good_row(), good_row("300002")), encoding="utf-8")
    with pytest.raises(CommandError, match="LOB_IMPORT_MAX_BYTES"):
        call_command("import_students", str(path), "--college", "west")
    assert not Student.objects.filter(student_number="300001").exists()


@pytest.mark.parametrize("column", ["tussenvoegsel", "Voorvoegsels", "name prefix"])
def test_a_name_prefix_column_is_kept_with_the_last_name(world, column):
    header = HEADER.replace("voornaam;achternaam", f"voornaam;{column};achternaam")
    row = good_row(last="Berg").replace(";Zoë;Berg;", ";Zoë;van der;Berg;")
    result = run(world, csv_text(row, good_row("300002").replace(";Zoë;", ";Daan;;"), header=header))
    assert result.ok, english(result)
    assert Student.objects.get(student_number="300001").last_name == "van der Berg"
    assert Student.objects.get(student_number="300002").last_name == "Öztürk"


def test_a_huge_value_is_cut_in_the_message(world):
    huge = "9" * 100_000
    result = run(world, csv_text(good_row().replace("17-05-2008", huge)))
    (line, text), = english(result)
    assert line == 2 and len(text) < 400 and "999…" in text


def test_row_errors_follow_the_readers_language(login, world, django_capture_on_commit_callbacks):
    world.admin.language = "nl"
    world.admin.save(update_fields=["language"])
    client = login(world.admin)
    bad = good_row().replace(";Zoë;", ";;")
    upload = SimpleUploadedFile("export.csv", csv_text(bad).encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/students/import/", {"file": upload})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "first name is empty" in client.get(response["Location"]).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    assert "voornaam is leeg" in client.get(response["Location"]).content.decode()


def test_unchanged_students_are_not_rewritten(world):
    assert run(world, csv_text(good_row(), good_row("300002"))).ok
    stamp = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    Student.objects.filter(student_number__in=["300001", "300002"]).update(updated_at=stamp)
    changed = good_row("300002").replace(";BBL;1;", ";BBL;2;")
    result = import_file(csv_text(good_row(), changed).encode(), world.college, by=None, source="x")
    assert (result.created, result.updated) == (0, 2)
    assert Student.objects.get(student_number="300001").updated_at == stamp
    assert Student.objects.get(student_number="300002").study_year == 2
