"""One list of columns (students.importer.columns) is the source of the importer, the upload
page's help and the downloadable template; nothing is imported with a column quietly lost."""

import re

import pytest
from django.utils import translation

from students.importer import ImportRefused, import_file
from students.importer.columns import COLUMNS
from students.models import ImportJob, Student

pytestmark = pytest.mark.django_db

HEADER = "studentnummer;voornaam;achternaam;geboortedatum;crebo;leerweg;leerjaar;startdatum;startkwalificatie;team"
ROW = "300001;Zoë;Öztürk;17-05-2008;25491;BBL;1;01-09-2026;nee;zorg"


def run(world, text):
    return import_file(text.encode("utf-8"), world.college, by=world.admin, source="t.csv")


@pytest.mark.parametrize("header", ["e-mail loopbaanbegeleider", "loopbaanbegeleider e-mail",
                                    "E-mail Loopbaanbegeleider", "counsellor_email"])
def test_the_counsellor_column_is_read_under_the_name_the_page_gives_and_its_aliases(world, header):
    result = run(world, f"{HEADER};{header}\n{ROW};counsellor@west.test\n")
    assert result.ok, result.errors
    assert Student.objects.get(student_number="300001").counsellor_assignments.get().counsellor == world.counsellor


def test_an_unknown_header_refuses_the_whole_file(world):
    with translation.override("en"), pytest.raises(ImportRefused, match="Unknown columns: mentor-mail"):
        run(world, f"{HEADER};mentor-mail\n{ROW};counsellor@west.test\n")
    assert not Student.objects.filter(student_number="300001").exists()


def test_a_column_named_twice_refuses_the_file(world):
    with translation.override("en"), pytest.raises(ImportRefused, match="named twice"):
        run(world, f"{HEADER};loopbaanbegeleider;e-mail loopbaanbegeleider\n{ROW};a@b.nl;c@d.nl\n")


def test_a_value_under_a_column_without_header_is_an_error_for_that_row(world):
    result = run(world, f"{HEADER};\n{ROW};something\n{ROW.replace('300001', '300002')};\n")
    assert [e.line for e in result.errors] == [2]
    with translation.override("en"):
        assert "without a header" in " ".join(result.errors[0].messages)


def test_an_unknown_counsellor_address_is_an_error_for_that_row(world):
    result = run(world, f"{HEADER};e-mail loopbaanbegeleider\n{ROW};nobody@west.test\n")
    assert [e.line for e in result.errors] == [2]
    assert not Student.objects.filter(student_number="300001").exists()


def test_a_crebo_that_does_not_exist_is_reported_as_such(world):
    result = run(world, f"{HEADER}\n{ROW.replace('25491', '12345')}\n")
    with translation.override("nl"):
        message = " ".join(result.errors[0].messages)
    assert "12345" in message and "bestaat niet" in message and "niet als" not in message
    other_pathway = run(world, f"{HEADER}\n{ROW.replace('BBL', 'BOL')}\n")
    with translation.override("nl"):
        assert "niet als BOL aangeboden" in " ".join(other_pathway.errors[0].messages)


def test_template_download_is_semicolon_bom_csv_and_imports_as_it_is(login, world):
    response = login(world.admin).get("/students/import/template/students/")
    assert response.status_code == 200
    assert 'attachment; filename="lob-studenten-sjabloon.csv"' == response["Content-Disposition"]
    raw = response.content
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    header = raw.decode("utf-8-sig").splitlines()[0].split(";")
    assert header == [c.header for c in COLUMNS]
    # The template's own example row is a good row: it imports.
    result = import_file(raw, world.college, by=world.admin, source="template.csv")
    assert result.ok, [e.messages for e in result.errors]
    student = Student.objects.get(student_number="300001")
    assert student.guardians.get().last_name == "de Vries"
    assert {g.kind for g in student.groups.all()} == {"lob_group", "class"}


def test_absence_template_imports_as_it_is(login, world):
    from students.importer.absences import import_absences

    StudentNumber = world.student.student_number
    raw = login(world.admin).get("/students/import/template/absences/").content
    assert raw.startswith("\ufeff".encode())
    raw = raw.replace(b"300001", StudentNumber.encode())
    result = import_absences(raw, world.college)
    assert result.ok, [e.messages for e in result.errors]
    assert world.student.absences.get().lesson == "3"


def test_upload_page_help_lists_every_column_of_the_list(login, world):
    body = login(world.admin).get("/students/import/").content.decode()
    section = body[body.index('data-testid="columns-students"'):body.index('data-testid="columns-absences"')]
    for column in COLUMNS:
        assert f"<code>{column.header}</code>" in section
    assert "loopbaanbegeleider e-mail" in section  # an alias, shown as accepted
    assert "/students/import/template/students/" in section


def test_an_unknown_template_kind_is_not_found(login, world):
    assert login(world.admin).get("/students/import/template/staff/").status_code == 404


@pytest.mark.parametrize(("created", "updated", "expected"), [
    (1, 1, ["1 student toegevoegd", "1 bijgewerkt"]),
    (2, 0, ["2 studenten toegevoegd", "0 bijgewerkt"]),
])
def test_outcome_uses_plural_forms(login, world, created, updated, expected):
    job = ImportJob.objects.create(college=world.college, uploaded_by=world.admin,
                                   file_name="x.csv", status="done", created_count=created,
                                   updated_count=updated, total_rows=2, processed_rows=2)
    client = login(world.admin)
    client.cookies["django_language"] = "nl"
    body = client.get(f"/students/import/{job.pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    text = re.sub(r"\s+", " ", body)
    for phrase in expected:
        assert phrase in text
    assert "1 studenten" not in text
