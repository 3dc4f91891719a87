"""The scheduled import from the drop folder: picks up settled files, imports each once (by
hash), archives them and e-mails a report to the college's administrators."""

import os
import time

import pytest
from django.core import mail

from students.importer.drop_folder import import_drop_folder
from students.models import Absence, ImportJob, Student
from students.tasks import import_drop_folder as drop_task

pytestmark = pytest.mark.django_db

HEADER = "studentnummer;voornaam;achternaam;geboortedatum;crebo;leerweg;leerjaar;startdatum;startkwalificatie;team"
GOOD = "300001;Zoë;Öztürk;17-05-2008;25491;BBL;1;01-09-2025;nee;zorg"


def drop(root, name, text, folder="students", age=120):
    path = root / "west" / folder
    path.mkdir(parents=True, exist_ok=True)
    target = path / name
    target.write_bytes(text.encode("utf-8-sig"))
    old = time.time() - age
    os.utime(target, (old, old))
    return target


@pytest.fixture
def root(tmp_path, settings):
    settings.LOB_IMPORT_DROP_DIR = str(tmp_path)
    settings.LOB_IMPORT_DROP_SETTLE_SECONDS = 60
    return tmp_path


def test_a_dropped_export_is_imported_archived_and_reported(world, root):
    dropped = drop(root, "export.csv", f"{HEADER}\n{GOOD}\n")
    assert drop_task() == 1
    assert Student.objects.filter(student_number="300001").exists()
    job = ImportJob.objects.get(source="drop_folder")
    assert job.status == "done" and job.full_export and bytes(job.content) == b""
    assert not dropped.exists()
    archived = list((root / "west" / "archive").rglob("*export.csv"))
    assert len(archived) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [world.admin.email]
    body = mail.outbox[0].body
    assert "1 student toegevoegd" in body and "/students/import/missing/" in body  # full export
    assert job.missing_count > 0


def test_the_same_file_dropped_again_is_not_imported_twice(world, root):
    drop(root, "a.csv", f"{HEADER}\n{GOOD}\n")
    import_drop_folder()
    Student.objects.filter(student_number="300001").update(first_name="Changed")
    drop(root, "b.csv", f"{HEADER}\n{GOOD}\n")  # same bytes, another name
    handled = import_drop_folder()
    assert handled[0].job is None and handled[0].earlier is not None
    assert ImportJob.objects.filter(source="drop_folder").count() == 1
    assert Student.objects.get(student_number="300001").first_name == "Changed"
    assert "al verwerkt" in mail.outbox[-1].body
    assert len(list((root / "west" / "archive").rglob("*-duplicate-b.csv"))) == 1


def test_a_file_still_being_written_is_left_alone(world, root):
    fresh = drop(root, "export.csv", f"{HEADER}\n{GOOD}\n", age=0)
    assert import_drop_folder() == []
    assert fresh.exists() and not ImportJob.objects.filter(source="drop_folder").exists()


def test_a_bad_file_imports_nothing_and_the_report_lists_the_rows(world, root):
    drop(root, "bad.csv", f"{HEADER}\n{GOOD}\n300002;;X;17-05-2008;25491;BBL;1;01-09-2025;nee;zorg\n")
    import_drop_folder()
    assert not Student.objects.filter(student_number="300001").exists()
    assert ImportJob.objects.get(source="drop_folder").status == "failed"
    body = mail.outbox[0].body
    assert "regel 3" in body and "Er is niets geïmporteerd" in body


def test_absences_come_from_their_own_folder(world, root):
    drop(root, "verzuim.csv", f"studentnummer;datum;les;geoorloofd\n{world.student.student_number};01-12-2026;;nee\n",
         folder="absences")
    import_drop_folder()
    assert Absence.objects.get(student=world.student).excused is False
    assert ImportJob.objects.get(source="drop_folder").kind == "absences"


def test_without_a_drop_folder_nothing_happens(world, settings):
    settings.LOB_IMPORT_DROP_DIR = ""
    assert import_drop_folder() == []
