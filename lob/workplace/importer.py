"""The placement import: the SIS export of companies and placements (BPV), one row per
placement, all or nothing. The columns are one list (PLACEMENT_COLUMNS) for the reader, the
import page's help and the downloadable template; the file is read as the student import reads
its files (any encoding, semicolons, commas or tabs)."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from common.import_columns import Column, ColumnSet
from common.imports import parse_date, problem, row_values
from students.importer.reading import ImportRefused, open_rows
from students.models import Student

from .models import Company, Placement, PlacementKind

PLACEMENT_COLUMNS = ColumnSet([
    Column("student_number", _("student number"), "studentnummer",
           aliases=("leerlingnummer", "studnr"), example="300001"),
    Column("company", _("company"), "bedrijf", aliases=("leerbedrijf", "bedrijfsnaam"),
           example="Zorggroep De Linde"),
    Column("kvk_number", _("KvK number"), "kvk-nummer", aliases=("kvk", "kvknummer"),
           required=False, example="30123456"),
    Column("city", _("city"), "plaats", aliases=("vestigingsplaats", "woonplaats bedrijf"),
           required=False, example="Utrecht"),
    Column("sector", _("sector"), "sector", aliases=("branche",), required=False,
           example="Ouderenzorg"),
    Column("kind", _("kind"), "soort", aliases=("leerweg", "bpv-soort"), example="bbl",
           help=_("bol (internship) or bbl (job)")),
    Column("trainer_name", _("praktijkopleider"), "praktijkopleider",
           aliases=("naam praktijkopleider",), required=False, example="Marieke Jansen"),
    Column("trainer_email", _("praktijkopleider's e-mail address"), "e-mail praktijkopleider",
           aliases=("praktijkopleider e-mail",), required=False,
           example="m.jansen@delinde.example.nl"),
    Column("trainer_phone", _("praktijkopleider's phone"), "telefoon praktijkopleider",
           aliases=("praktijkopleider telefoon",), required=False, example="06-12345678"),
    Column("start_date", _("start date"), "begindatum", aliases=("startdatum",),
           example="2026-09-01"),
    Column("end_date", _("end date"), "einddatum", required=False, example=""),
    Column("hours_per_week", _("hours per week"), "uren per week",
           aliases=("uren", "urenperweek"), example="32"),
])
KIND_WORDS = {"bol": PlacementKind.BOL_INTERNSHIP, "stage": PlacementKind.BOL_INTERNSHIP,
              "bol-stage": PlacementKind.BOL_INTERNSHIP, "bbl": PlacementKind.BBL_JOB,
              "leerbaan": PlacementKind.BBL_JOB, "bbl-leerbaan": PlacementKind.BBL_JOB}
KVK = re.compile(r"\d{8}")
MAX_ERRORS = 200


@dataclass
class PlacementImport:
    created: int = 0
    updated: int = 0
    ended: int = 0
    companies_created: int = 0
    errors: list[tuple[int | None, list[str]]] = field(default_factory=list)


def _check(values: dict, students: dict) -> tuple[dict, list]:
    problems, row = [], {}
    number = values["student_number"].strip()
    row["student"] = students.get(number)
    if row["student"] is None:
        problems.append(problem(gettext_noop("Student number %(number)s is not in this "
                                             "college's register."), number=number))
    row["company"] = values["company"].strip()[:200]
    if not row["company"]:
        problems.append(problem(gettext_noop("The company is empty.")))
    row["kvk_number"] = values.get("kvk_number", "").strip()
    if row["kvk_number"] and not KVK.fullmatch(row["kvk_number"]):
        problems.append(problem(gettext_noop("KvK number %(value)s does not have eight digits."),
                                value=row["kvk_number"]))
    row["city"] = values.get("city", "").strip()[:100]
    row["sector"] = values.get("sector", "").strip()[:100]
    row["kind"] = KIND_WORDS.get(values["kind"].strip().lower())
    if row["kind"] is None:
        problems.append(problem(gettext_noop("Kind %(value)s is not bol or bbl."),
                                value=values["kind"]))
    row["trainer_name"] = values.get("trainer_name", "").strip()[:200]
    row["trainer_email"] = values.get("trainer_email", "").strip().lower()
    if row["trainer_email"]:
        try:
            validate_email(row["trainer_email"])
        except ValidationError:
            problems.append(problem(gettext_noop("%(value)s is not an e-mail address."),
                                    value=row["trainer_email"]))
    row["trainer_phone"] = values.get("trainer_phone", "").strip()[:30]
    row["start_date"] = parse_date(values["start_date"])
    if row["start_date"] is None:
        problems.append(problem(gettext_noop("Start date %(value)s is not a date."),
                                value=values["start_date"]))
    end = values.get("end_date", "").strip()
    row["end_date"] = parse_date(end) if end else None
    if end and row["end_date"] is None:
        problems.append(problem(gettext_noop("End date %(value)s is not a date."), value=end))
    if row["start_date"] and row["end_date"] and row["end_date"] < row["start_date"]:
        problems.append(problem(gettext_noop("The end date is before the start date.")))
    hours = values["hours_per_week"].strip()
    row["hours_per_week"] = int(hours) if hours.isascii() and hours.isdigit() else None
    if row["hours_per_week"] is None or not 1 <= row["hours_per_week"] <= 60:
        problems.append(problem(gettext_noop("Hours per week %(value)s is not a number from 1 "
                                             "to 60."), value=hours))
    return row, problems


def import_placements(raw: bytes, college) -> PlacementImport:
    """Check every row; when all are right, write them in one transaction (companies found by
    KvK number, else by name and city; a placement found by student, company and start date is
    updated; a student's earlier open placement at another company ends the day before)."""
    result = PlacementImport()
    try:
        positions, rows = open_rows(raw, PLACEMENT_COLUMNS)
        rows = list(rows)
    except ImportRefused as exc:
        result.errors.append((None, [str(exc)]))
        return result
    numbers = {row_values(positions, cells).get("student_number", "").strip()
               for _line, cells in rows}
    students = {s.student_number: s for s in Student.objects.filter(
        college=college, student_number__in=numbers)}
    checked = []
    for line, cells in rows:
        row, problems = _check(row_values(positions, cells), students)
        if problems:
            result.errors.append((line, [str(p) for p in problems]))
            if len(result.errors) >= MAX_ERRORS:
                break
        checked.append(row)
    if result.errors or not checked:
        if not checked and not result.errors:
            result.errors.append((None, [str(problem(gettext_noop("The file has no rows.")))]))
        return result
    with transaction.atomic():
        _write(checked, college, result)
    return result


def _company(row, college, companies: dict, result: PlacementImport) -> Company:
    key = ("kvk", row["kvk_number"]) if row["kvk_number"] else (
        "name", row["company"].lower(), row["city"].lower())
    if key in companies:
        return companies[key]
    found = (Company.objects.filter(college=college, kvk_number=row["kvk_number"]).first()
             if row["kvk_number"] else
             Company.objects.filter(college=college, name__iexact=row["company"],
                                    city__iexact=row["city"]).first())
    if found is None:
        found = Company.objects.create(college=college, name=row["company"],
                                       kvk_number=row["kvk_number"], city=row["city"],
                                       sector=row["sector"])
        result.companies_created += 1
    elif row["sector"] and found.sector != row["sector"]:
        found.sector = row["sector"]
        found.save(update_fields=["sector", "updated_at"])
    companies[key] = found
    return found


def _write(checked: list[dict], college, result: PlacementImport) -> None:
    companies: dict = {}
    fields = ["kind", "trainer_name", "trainer_email", "trainer_phone", "end_date",
              "hours_per_week"]
    for row in checked:
        company = _company(row, college, companies, result)
        placement = Placement.objects.filter(student=row["student"], company=company,
                                             start_date=row["start_date"]).first()
        if placement is not None:
            changed = [f for f in fields if getattr(placement, f) != row[f]]
            for name in changed:
                setattr(placement, name, row[name])
            if changed:
                placement.save(update_fields=[*changed, "updated_at"])
                result.updated += 1
            continue
        # The student's earlier placement elsewhere that is still open ends the day before.
        result.ended += Placement.objects.filter(
            student=row["student"], end_date__isnull=True, start_date__lt=row["start_date"],
        ).exclude(company=company).update(end_date=row["start_date"] - datetime.timedelta(days=1))
        Placement.objects.create(student=row["student"], company=company,
                                 start_date=row["start_date"],
                                 **{name: row[name] for name in fields})
        result.created += 1

