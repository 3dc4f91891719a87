"""The register stays current from the SIS: status, end date and reason, groups, contact
details and guardians through the import (all or nothing), and a full export flags (never
deletes) the active students it leaves out."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from common.imports import report_written
from students.importer import import_file
from students.models import Group, Guardian, ImportJob, Student

pytestmark = pytest.mark.django_db

BASE = "studentnummer;voornaam;achternaam;geboortedatum;crebo;leerweg;leerjaar;startdatum;startkwalificatie;team"
ROW = "{n};Zoë;Öztürk;17-05-2008;25491;BBL;1;01-09-2025;nee;zorg"


def run(world, header, *rows, full=False):
    text = "\n".join([f"{BASE};{header}" if header else BASE,
                      *[f"{ROW.format(n=n)};{rest}" if header else ROW.format(n=n) for n, rest in rows]]) + "\n"
    return import_file(text.encode(), world.college, by=world.admin, source="t.csv", full_export=full)


def messages(result):
    with translation.override("en"):
        return [" ".join(e.messages) for e in result.errors]


def test_status_end_date_and_reason_are_imported_and_updated(world):
    header = "status;einddatum;reden einde"
    assert run(world, header, ("300001", "actief;;")).ok
    s = Student.objects.get(student_number="300001")
    assert (s.status, s.end_date, s.end_reason) == ("active", None, "")
    result = run(world, header, ("300001", "gediplomeerd;30-06-2026;diploma behaald"))
    assert result.ok, messages(result)
    s.refresh_from_db()
    assert (s.status, s.end_date, s.end_reason) == ("graduated", datetime.date(2026, 6, 30), "diploma behaald")
    # Back to active (re-enrolment): the end date and reason go.
    assert run(world, header, ("300001", "actief;;")).ok
    s.refresh_from_db()
    assert (s.status, s.end_date, s.end_reason) == ("active", None, "")


def test_without_status_column_the_status_stays(world):
    run(world, "status;einddatum;reden einde", ("300001", "uitgevallen;01-03-2026;verhuisd"))
    assert run(world, "", ("300001", "")).ok
    assert Student.objects.get(student_number="300001").status == "dropped_out"


@pytest.mark.parametrize(("cells", "reason"), [
    ("gediplomeerd;;", "needs an end date"),
    ("actief;01-03-2026;", "active student has no end date"),
    ("weg;01-03-2026;", "must be actief"),
    ("uitgevallen;01-03-2024;", "before the start date"),
    ("uitgevallen;morgen;", "end date “morgen” is not a date"),
])
def test_bad_status_rows_import_nothing(world, cells, reason):
    result = run(world, "status;einddatum;reden einde", ("300002", "actief;;"), ("300001", cells))
    assert [e.line for e in result.errors] == [3]
    assert reason in messages(result)[0]
    assert not Student.objects.filter(student_number__in=["300001", "300002"]).exists()


def test_an_end_date_without_status_column_refuses_the_file(world):
    from students.importer import ImportRefused

    with pytest.raises(ImportRefused):
        run(world, "einddatum", ("300001", "01-03-2026"))


def test_groups_are_created_per_team_and_membership_follows_the_file(world):
    header = "LOB-groep;klas;stagehuis"
    result = run(world, header, ("300001", "LOB 1A;VZ1A;Huis Oost"), ("300002", "LOB 1A;VZ1B;"))
    assert result.ok, messages(result)
    assert result.groups_created == 4
    lob = Group.objects.get(team=world.team, name="LOB 1A")
    assert lob.kind == "lob_group" and lob.students.count() == 2
    assert Group.objects.get(name="Huis Oost").kind == "placement_house"
    # Moved to another class, out of the placement house; the LOB group stays.
    assert run(world, header, ("300001", "LOB 1A;VZ1B;")).ok
    s = Student.objects.get(student_number="300001")
    assert sorted(g.name for g in s.groups.all()) == ["LOB 1A", "VZ1B"]
    assert Group.objects.filter(name="Huis Oost").exists()  # the group itself is not deleted


def test_a_group_name_used_for_another_kind_is_an_error(world):
    Group.objects.create(team=world.team, name="VZ1A", kind="class")
    result = run(world, "LOB-groep", ("300001", "VZ1A"))
    assert "is a group of column “klas”, not of “LOB-groep”" in messages(result)[0]
    result = run(world, "LOB-groep;klas", ("300001", "X1;"), ("300002", ";X1"))
    assert [e.line for e in result.errors] == [3]


def test_contact_details_and_guardians(world):
    header = ("e-mail student;telefoon student;voornaam ouder 1;achternaam ouder 1;e-mail ouder 1;"
              "telefoon ouder 1;relatie ouder 1;voornaam ouder 2;achternaam ouder 2;e-mail ouder 2;"
              "telefoon ouder 2;relatie ouder 2")
    row = "Zoe@Student.nl;06-11111111;Petra;Öztürk;petra@example.nl;06-22222222;ouder;Ali;Öztürk;;;voogd"
    assert run(world, header, ("300001", row)).ok
    s = Student.objects.get(student_number="300001")
    assert (s.email, s.phone) == ("zoe@student.nl", "06-11111111")
    assert sorted((g.first_name, g.relation, g.email) for g in s.guardians.all()) == [
        ("Ali", "guardian", ""), ("Petra", "parent", "petra@example.nl")]
    # Petra's phone changes (matched by e-mail), Ali is no longer listed: removed.
    petra = s.guardians.get(first_name="Petra")
    row2 = "Zoe@Student.nl;06-11111111;Petra;Öztürk;petra@example.nl;06-33333333;ouder;;;;;"
    assert run(world, header, ("300001", row2)).ok
    assert list(s.guardians.values_list("pk", "phone")) == [(petra.pk, "06-33333333")]


def test_a_guardian_with_a_portal_account_is_not_removed_by_the_import(world):
    header = "achternaam ouder 1"
    assert run(world, header, (world.student.student_number, "Bakker")).ok
    assert world.student.guardians.filter(account=world.guardian_account).exists()
    assert world.student.guardians.filter(last_name="Bakker").exists()


@pytest.mark.parametrize(("header", "cells", "reason"), [
    ("e-mail student", "geen-mail", "is not an e-mail address"),
    ("telefoon student", "bel me", "phone number"),
    ("voornaam ouder 1;achternaam ouder 1", "Petra;", "has no last name"),
    ("achternaam ouder 1;relatie ouder 1", "Jansen;buurman", "must be ouder, voogd or anders"),
    ("achternaam ouder 2;e-mail ouder 2", "Jansen;x@", "of parent/guardian 2 is not an e-mail"),
])
def test_bad_contact_cells_are_errors_for_their_row(world, header, cells, reason):
    guardians = Guardian.objects.count()  # (the world's own may be called Jansen too)
    result = run(world, header, ("300001", cells))
    assert [e.line for e in result.errors] == [2] and reason in messages(result)[0]
    assert not Student.objects.filter(student_number="300001").exists()
    assert Guardian.objects.count() == guardians


def test_a_full_export_flags_the_active_students_it_leaves_out_and_deletes_nobody(world):
    before = Student.objects.filter(college=world.college).count()
    result = run(world, "", ("300001", ""), full=True)
    assert result.ok
    active_left_out = Student.objects.filter(college=world.college, status="active").exclude(
        student_number="300001")
    assert result.missing == active_left_out.count() > 0
    assert set(active_left_out.values_list("missing_from_export_since", flat=True)) != {None}
    assert Student.objects.filter(college=world.college).count() == before + 1
    assert not Student.objects.filter(college=world.other_college, missing_from_export_since__isnull=False).exists()
    # Listed again by the next full export: no longer flagged.
    result = run(world, "", ("300001", ""), (world.student.student_number, ""), full=True)
    world.student.refresh_from_db()
    assert world.student.missing_from_export_since is None


def test_a_partial_file_flags_nobody(world):
    run(world, "", ("300001", ""))
    assert not Student.objects.filter(missing_from_export_since__isnull=False).exists()


def test_missing_page_lists_flagged_students_of_the_admins_college(login, world, django_assert_max_num_queries):
    run(world, "", ("300001", ""), full=True)
    client = login(world.admin)
    with django_assert_max_num_queries(12):
        body = client.get("/students/import/missing/").content.decode()
    assert world.student.student_number in body
    assert world.foreign_student.student_number not in body
    assert "/students/import/missing/" in client.get("/students/import/").content.decode()


def test_a_leaver_imported_with_an_end_date_is_reached_by_the_retention_purge(world):
    """Before the status columns, imported leavers stayed "active" without an end date and the
    retention purge (which selects students by end date) never reached them."""
    import datetime as dt

    from lob.privacy.retention import retention_run

    assert run(world, "status;einddatum;reden einde",
               ("300001", "uitgevallen;01-03-2026;verhuisd")).ok
    student = Student.objects.get(student_number="300001")
    Student.objects.filter(pk=student.pk).update(end_date=dt.date(2020, 3, 1),
                                                 start_date=dt.date(2019, 9, 1))
    report = retention_run(today=dt.date(2026, 12, 1))
    assert not Student.objects.filter(pk=student.pk).exists()
    assert report["students_erased"] >= 1


def test_progress_says_writing_once_every_row_is_checked(login, world):
    from students.models import ImportJob

    job = ImportJob.objects.create(college=world.college, uploaded_by=world.admin,
                                   file_name="big.csv", content=b"x", status="running",
                                   total_rows=50000, processed_rows=50000)
    client = login(world.admin)
    with translation.override("nl"):
        body = client.get(f"/students/import/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Alle 50000 regels gecontroleerd; worden weggeschreven" in body


def _written_shown(body: str) -> tuple[str, str]:
    text = re.search(r"— ([^<]*)</p>", body).group(1)
    return text, re.search(r'aria-valuenow="(\d+)"', body).group(1)


def test_the_status_page_counts_the_rows_written_while_the_write_runs(login, world, monkeypatch):
    from students.importer import jobs, pipeline
    from tests.students.test_import import csv_text, good_row

    monkeypatch.setattr(pipeline, "BATCH", 2)
    rows = [good_row(str(300001 + n), email="") for n in range(5)]
    job = ImportJob.objects.create(college=world.college, uploaded_by=world.admin,
                                   file_name="vijf.csv", content=csv_text(*rows).encode())
    client = login(world.admin)
    shown = []

    def page() -> str:
        with translation.override("nl"):
            return client.get(f"/students/import/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()

    def report_and_look(model, job_id, done):  # the page as it polls while the batches are written
        report_written(model, job_id, done)
        shown.append(_written_shown(page()))

    monkeypatch.setattr(jobs, "report_written", report_and_look)
    jobs.import_job_process(job_id=job.pk)
    assert shown == [("0 van 5 regels weggeschreven", "25"), ("2 van 5 regels weggeschreven", "55"),
                     ("4 van 5 regels weggeschreven", "85"), ("5 van 5 regels weggeschreven", "100")]
    assert _written_shown(page()) == ("5 van 5 regels gecontroleerd", "100")
    assert Student.objects.filter(college=world.college, student_number__startswith="30000").count() == 5


def test_progress_while_checking_fills_the_first_quarter_of_the_bar(login, world):
    job = ImportJob.objects.create(college=world.college, uploaded_by=world.admin,
                                   file_name="big.csv", content=b"x", status="running",
                                   total_rows=50000, processed_rows=20000)
    with translation.override("nl"):
        body = login(world.admin).get(f"/students/import/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert _written_shown(body) == ("20000 van 50000 regels gecontroleerd", "10")


EVERY_COLUMN = ("e-mail loopbaanbegeleider;status;einddatum;reden einde;LOB-groep;klas;"
                "e-mail student;voornaam ouder 1;achternaam ouder 1;e-mail ouder 1;relatie ouder 1")


def _queries_of_import(world, first: int, size: int, *, leaving: bool) -> int:
    """Queries of importing `size` students with every kind of column (a counsellor, groups,
    a school address and a parent with one: portal accounts); with `leaving`, again with a
    third left and the groups moved."""
    rows = []
    for n in range(first, first + size):
        status = "gediplomeerd;30-06-2026;diploma" if leaving and n % 3 == 0 else "actief;;"
        group = f"{first}-{(n + leaving) % 3}"
        rows.append((str(n), f"counsellor@west.test;{status};LOB {group};K {group};"
                             f"{n}@student.west.test;Petra;Ouder;ouder{n}@example.test;ouder"))
    with CaptureQueriesContext(connection) as queries:
        assert run(world, EVERY_COLUMN, *rows).ok
    return len(queries)


def test_an_import_asks_the_database_as_often_for_30_students_as_for_5(world):
    # 30 students: every INSERT fits in one statement on SQLite too (999 values).
    assert _queries_of_import(world, 310000, 30, leaving=False) == \
        _queries_of_import(world, 320000, 5, leaving=False)
    assert _queries_of_import(world, 310000, 30, leaving=True) == \
        _queries_of_import(world, 320000, 5, leaving=True)
    left = Student.objects.get(student_number="310002")  # 310002 % 3 == 0
    assert left.status == "graduated" and left.account.is_active is False
