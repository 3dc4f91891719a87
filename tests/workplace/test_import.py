"""The placement import: the template's columns are the importer's, all or nothing, updates and
the history kept."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lob.workplace.importer import PLACEMENT_COLUMNS
from lob.workplace.models import Company, Placement


@pytest.fixture
def world(world_once_per_module):
    return world_once_per_module


def _upload(client, text: str, encoding="utf-8-sig"):
    return client.post("/workplace/import/", {
        "file": SimpleUploadedFile("stages.csv", text.encode(encoding), "text/csv")})


def test_the_template_imports_once_its_student_is_one_of_ours(world, login):
    client = login(world.admin)
    template = client.get("/workplace/import/template/").content.decode("utf-8-sig")
    header, example = template.strip().split("\r\n")
    assert header.split(";") == [c.header for c in PLACEMENT_COLUMNS]
    example = example.replace("300001", world.team_student.student_number)
    response = _upload(client, f"{header}\r\n{example}\r\n")
    assert response.status_code == 200
    assert response.context["outcome"].errors == []
    placement = Placement.objects.get(student=world.team_student)
    assert (placement.company.name, placement.kind, placement.hours_per_week,
            placement.trainer_email) == ("Zorggroep De Linde", "bbl_job", 32,
                                         "m.jansen@delinde.example.nl")
    assert placement.company.kvk_number == "30123456"


def test_one_bad_row_imports_nothing_and_says_which_line_and_why(world, login):
    client = login(world.admin)
    text = ("studentnummer;bedrijf;soort;begindatum;uren per week;e-mail praktijkopleider\n"
            f"{world.team_student.student_number};Bakkerij Noord;bol;2026-09-01;24;\n"
            f"999999;Bakkerij Noord;stage;31-02-2026;80;geen-adres\n")
    response = _upload(client, text)
    errors = dict(response.context["outcome"].errors)
    assert list(errors) == [3]
    joined = " ".join(errors[3])
    for part in ("999999", "31-02-2026", "80", "geen-adres"):
        assert part in joined, joined
    assert not Placement.objects.filter(student=world.team_student).exists()
    assert not Company.objects.filter(name="Bakkerij Noord").exists()


def test_an_unknown_column_refuses_the_file(world, login):
    response = _upload(login(world.admin),
                       "studentnummer;bedrijf;soort;begindatum;uren per week;schoenmaat\n")
    (line, problems), = response.context["outcome"].errors
    assert line is None and "schoenmaat" in problems[0]


def test_a_new_placement_elsewhere_ends_the_earlier_one_and_a_repeat_updates(world, login):
    client = login(world.admin)
    number = world.student.student_number
    text = ("studentnummer;bedrijf;plaats;soort;begindatum;uren per week\n"
            f"{number};Thuiszorg Samen;Zeist;bbl;2026-11-15;28\n")
    assert _upload(client, text).context["outcome"].created == 1
    world.placement.refresh_from_db()
    assert world.placement.end_date == datetime.date(2026, 11, 14)  # history kept
    again = _upload(client, text.replace(";28", ";30")).context["outcome"]
    assert (again.created, again.updated) == (0, 1)
    assert Placement.objects.get(student=world.student, company__name="Thuiszorg Samen"
                                 ).hours_per_week == 30
    assert Company.objects.filter(name="Thuiszorg Samen").count() == 1


def test_a_student_of_another_college_is_not_found(world, login):
    text = ("studentnummer;bedrijf;soort;begindatum;uren per week\n"
            f"{world.foreign_student.student_number};Winkel;bol;2026-09-01;20\n")
    errors = _upload(login(world.admin), text).context["outcome"].errors
    assert errors and errors[0][0] == 2
    assert not Placement.objects.filter(student=world.foreign_student, company__name="Winkel")
