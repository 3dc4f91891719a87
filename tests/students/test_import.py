"""The SIS CSV import: all or nothing, every bad row reported, encodings handled."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from students.importer import ImportRefused, import_file
from students.models import CounsellorAssignment, ImportJob, Student

pytestmark = pytest.mark.django_db

HEADER = "studentnummer;voornaam;achternaam;geboortedatum;crebo;leerweg;leerjaar;startdatum;startkwalificatie;team;loopbaanbegeleider"


def csv_text(*rows, header=HEADER):
    return "\r\n".join([header, *rows]) + "\r\n"


def good_row(number="300001", first="Zoë", last="Öztürk", email="counsellor@west.test"):
    return f"{number};{first};{last};17-05-2008;25491;BBL;1;01-09-2026;nee;zorg;{email}"


def run(world, text, encoding="utf-8"):
    return import_file(text.encode(encoding), world.college, by=world.admin, source="test.csv")


def test_good_file_creates_students_with_their_counsellor(world):
    result = run(world, csv_text(good_row(), good_row("300002", "Daan", "Bakker", "")))
    assert result.ok and result.created == 2 and result.updated == 0
    s = Student.objects.get(college=world.college, student_number="300001")
    assert (s.first_name, s.last_name, s.programme, s.study_year) == ("Zoë", "Öztürk", world.programme, 1)
    assert str(s.date_of_birth) == "2008-05-17" and s.has_start_qualification is False
    assert s.counsellor_assignments.get().counsellor == world.counsellor
    assert not Student.objects.get(student_number="300002").counsellor_assignments.exists()


def test_reimport_updates_by_student_number_and_follows_a_counsellor_change(world):
    run(world, csv_text(good_row()))
    changed = good_row(email="colleague@west.test").replace(";1;01-09", ";2;01-09").replace("Öztürk", "Öztürk-de Wit")
    result = run(world, csv_text(changed, good_row("300009")))
    assert (result.created, result.updated, result.counsellor_changes) == (1, 1, 1)
    s = Student.objects.get(student_number="300001")
    assert (s.study_year, s.last_name) == (2, "Öztürk-de Wit")
    history = list(s.counsellor_assignments.order_by("start_date", "id"))
    assert [a.counsellor for a in history] == [world.counsellor, world.colleague]
    assert history[0].end_date is not None and history[1].end_date is None
    assert Student.objects.filter(student_number="300001").count() == 1


BAD_ROWS = [
    ("300003;;Jansen;17-05-2008;25491;BBL;1;01-09-2026;nee;zorg;", "first name is empty"),
    ("300003;Piet;;17-05-2008;25491;BBL;1;01-09-2026;nee;zorg;", "last name is empty"),
    (";Piet;Jansen;17-05-2008;25491;BBL;1;01-09-2026;nee;zorg;", "student number is empty"),
    ("30-0003;Piet;Jansen;17-05-2008;25491;BBL;1;01-09-2026;nee;zorg;", "letters and digits"),
    ("300003;Piet;Jansen;31-02-2008;25491;BBL;1;01-09-2026;nee;zorg;", "date of birth"),
    ("300003;Piet;Jansen;17-05-1900;25491;BBL;1;01-09-2026;nee;zorg;", "not plausible"),
    ("300003;Piet;Jansen;17-05-2008;25491;BOLL;1;01-09-2026;nee;zorg;", "must be BOL or BBL"),
    ("300003;Piet;Jansen;17-05-2008;25491;BBL;5;01-09-2026;nee;zorg;", "study year"),
    ("300003;Piet;Jansen;17-05-2008;25491;BBL;een;01-09-2026;nee;zorg;", "study year"),
    ("300003;Piet;Jansen;17-05-2008;25491;BBL;1;gisteren;nee;zorg;", "start date"),
    ("300003;Piet;Jansen;17-05-2008;25491;BBL;1;01-09-2026;misschien;zorg;", "start qualification"),
    ("300003;Piet;Jansen;17-05-2008;25491;BBL;1;01-09-2026;nee;bakkerij;", "team"),
    ("300003;Piet;Jansen;17-05-2008;99999;BBL;1;01-09-2026;nee;zorg;", "crebo 99999 does not exist in this college"),
    ("300003;Piet;Jansen;17-05-2008;25491;BOL;1;01-09-2026;nee;zorg;", "not offered as BOL"),
    ("300003;Piet;Jansen;17-05-2008;25260;BOL;1;01-09-2026;nee;zorg;", "not run by team"),
    ("300003;Piet;Jansen;17-05-2008;25250;BOL;1;01-09-2026;nee;handel;", "team"),  # other college
    ("300003;Piet;Jansen;17-05-2008;25491;BBL;1;01-09-2026;nee;zorg;nobody@nowhere.test", "not a member of staff"),
    ("300003;Piet;Jansen;17-05-2008;25491;BBL;1;01-09-2026;nee;zorg;hr@west.test", "is not a counsellor"),
    ("300003;Piet;Jansen;17-05-2008;25491;BBL;1;01-09-2026;nee;zorg;foreign@noord.test", "not a member of staff"),
]


@pytest.mark.parametrize(("row", "reason"), BAD_ROWS)
def test_a_bad_row_imports_nothing_and_is_reported_with_line_and_reason(world, row, reason):
    before = Student.objects.count()
    result = run(world, csv_text(good_row(), row, good_row("300004")))
    assert not result.ok
    assert [e.line for e in result.errors] == [3]
    with translation.override("en"):  # messages are rendered in the reader's language
        assert reason in " ".join(result.errors[0].messages)
    assert Student.objects.count() == before


def test_every_bad_row_is_reported_and_duplicates_name_the_other_line(world):
    result = run(world, csv_text(good_row(), "x;;;;;;;;;;", good_row(), good_row("300005")))
    assert [e.line for e in result.errors] == [3, 4]
    with translation.override("en"):  # messages are rendered in the reader's language
        assert "also appears on line 2" in " ".join(result.errors[1].messages)
    assert len(result.errors[0].messages) >= 6


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]
)
def test_encodings_excel_writes_are_read(world, encoding):
    result = run(world, csv_text(good_row(first="Zoë", last="Öztürk")), encoding=encoding)
    assert result.ok, result.errors
    assert Student.objects.get(student_number="300001").first_name == "Zoë"


def test_comma_separated_with_english_headers(world):
    header = "student_number,first_name,last_name,date_of_birth,crebo,pathway,study_year,start_date,start_qualification,team,counsellor_email"
    row = "300001,Emma,\"de Jong, van\",2008-05-17,25491,BBL,1,2026-09-01,yes,Zorg,COUNSELLOR@west.test"
    result = run(world, csv_text(row, header=header))
    assert result.ok, result.errors
    s = Student.objects.get(student_number="300001")
    assert s.last_name == "de Jong, van" and s.has_start_qualification


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"PK\x03\x04\x14\x00\x06\x00binary-xlsx", "Excel workbook"),
        (b"\x00\x01\x02binary", "text (CSV)"),
        (b"just one column\nand rows\n", "No columns"),
        (b"studentnummer;voornaam\n1;Piet\n", "Missing columns"),
        ((HEADER + "\n").encode(), "no students"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(world, raw, message):
    with translation.override("en"), pytest.raises(ImportRefused, match=re.escape(message)):
        import_file(raw, world.college, by=None, source="x.csv")
    assert not Student.objects.filter(student_number__startswith="3").exists()


def test_upload_page_imports_and_shows_the_outcome(login, world, django_capture_on_commit_callbacks):
    client = login(world.admin)
    upload = SimpleUploadedFile("export.csv", csv_text(good_row()).encode("utf-8-sig"), "text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/students/import/", {"file": upload})
    job = ImportJob.objects.latest("created_at")
    assert response.status_code == 302 and response["Location"] == f"/students/import/{job.pk}/"
    assert job.status == ImportJob.Status.DONE and job.created_count == 1
    assert bytes(job.content) == b""  # the raw file is not kept
    page = client.get(response["Location"])
    body = page.content.decode()
    # Plural forms through ngettext: one student is "1 student", never "1 studenten".
    assert "1 student toegevoegd" in body and "1 studenten" not in body
    assert Student.objects.filter(student_number="300001").exists()


def test_upload_page_lists_every_bad_row_and_imports_nothing(login, world, django_capture_on_commit_callbacks):
    client = login(world.admin)
    text = csv_text(good_row(), BAD_ROWS[0][0], BAD_ROWS[6][0].replace("300003", "300007"))
    upload = SimpleUploadedFile("export.csv", text.encode("cp1252"), "text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/students/import/", {"file": upload})
    response = client.get(response["Location"])
    job = ImportJob.objects.latest("created_at")
    assert job.status == ImportJob.Status.FAILED
    assert [e["line"] for e in job.errors] == [3, 4]
    body = response.content.decode()
    assert "<td>3</td>" in body and "<td>4</td>" in body
    assert not Student.objects.filter(student_number="300001").exists()


def test_an_excel_workbook_upload_is_refused_not_a_500(login, world, django_capture_on_commit_callbacks):
    client = login(world.admin)
    upload = SimpleUploadedFile("export.xlsx", b"PK\x03\x04rest-of-zip", "application/vnd.ms-excel")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/students/import/", {"file": upload})
    response = client.get(response["Location"])
    assert response.status_code == 200
    job = ImportJob.objects.latest("created_at")
    assert job.status == ImportJob.Status.FAILED and job.errors[0]["line"] is None


def test_progress_fragment_for_htmx(login, world):
    client = login(world.admin)
    job = ImportJob.objects.create(college=world.college, uploaded_by=world.admin,
                                   file_name="big.csv", content=b"x", status="running",
                                   total_rows=4000, processed_rows=1000)
    response = client.get(f"/students/import/{job.pk}/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    # Checking fills the first quarter of the bar (writing the rest): a quarter checked, 6%.
    assert 'hx-trigger="every 1s"' in body and ">6%<" in body and "<html" not in body


def test_import_job_of_another_college_is_not_found(login, world):
    from tests.factories.staff import UserFactory

    other_admin = UserFactory(college=world.other_college, roles=["admin"])
    response = login(other_admin).get(f"/students/import/{world.import_job.pk}/")
    assert response.status_code == 404


def test_management_command_reports_bad_rows_and_imports_nothing(world, tmp_path, capsys):
    path = tmp_path / "export.csv"
    path.write_text(csv_text(good_row(), BAD_ROWS[7][0]), encoding="latin-1")
    with pytest.raises(CommandError, match="Nothing imported: 1 of 2 rows"):
        call_command("import_students", str(path), "--college", "west")
    assert "line 3:" in capsys.readouterr().err
    assert not Student.objects.filter(student_number="300001").exists()
    path.write_text(csv_text(good_row()), encoding="latin-1")
    call_command("import_students", str(path), "--college", "west")
    assert CounsellorAssignment.objects.filter(student__student_number="300001").count() == 1
