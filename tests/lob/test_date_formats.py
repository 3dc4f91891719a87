"""One date format per purpose, Dutch style: "1 dec. 2026" and "1 dec. 2026 15:29", months in
lower case, set once in lob/formats and named by every template."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

ROOT = Path(__file__).resolve().parents[2]
DUTCH_MONTHS = ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.",
                "nov.", "dec."]
# Machine values (an <option value>, a year) are not dates for a reader.
MACHINE_PATTERNS = {"Y", "Y-m-d"}
NAMED = {"DATE_FORMAT", "DATETIME_FORMAT", "MONTH_DAY_FORMAT", "YEAR_MONTH_FORMAT",
         "TIME_FORMAT"}


def dutch(day: datetime.date) -> str:
    return f"{day.day} {DUTCH_MONTHS[day.month - 1]} {day.year}"


def _render(source: str, **context) -> str:
    with translation.override("nl"):
        return Template(source).render(Context(context))


def test_a_day_and_a_moment_read_as_dutch_text_writes_them():
    day = datetime.date(2026, 12, 1)
    moment = timezone.make_aware(datetime.datetime(2026, 12, 1, 15, 29))
    assert _render("{{ d }}|{{ d|date }}|{{ d|date:'SHORT_DATE_FORMAT' }}", d=day) == \
        "1 dec. 2026|1 dec. 2026|1 dec. 2026"
    assert _render("{{ m }}|{{ m|date:'DATETIME_FORMAT' }}|{{ m|date:'SHORT_DATETIME_FORMAT' }}",
                   m=moment) == "1 dec. 2026 15:29|1 dec. 2026 15:29|1 dec. 2026 15:29"


@pytest.mark.parametrize("month", range(1, 13))
def test_months_are_lower_case_dutch_abbreviations(month):
    day = datetime.date(2026, month, 26)
    assert _render("{{ d|date }}", d=day) == dutch(day)
    assert _render("{{ d|date:'MONTH_DAY_FORMAT' }}", d=day) == f"26 {DUTCH_MONTHS[month - 1]}"


def _templates():
    for path in ROOT.glob("**/templates/**/*"):
        if path.is_file() and not {".venv", "node_modules"} & set(path.relative_to(ROOT).parts):
            yield path


def test_templates_name_a_purpose_instead_of_spelling_a_pattern():
    spelled = []
    for path in _templates():
        for match in re.finditer(r"\|date:([\"'])([^\"']*)\1", path.read_text(encoding="utf-8")):
            pattern = match.group(2)
            if pattern not in NAMED | MACHINE_PATTERNS:
                spelled.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert spelled == []


def test_the_request_page_shows_dates_dutch_style(world, login):
    client = login(world.admin)
    response = client.get(f"/privacy/requests/{world.correction_request.pk}/",
                          HTTP_ACCEPT_LANGUAGE="nl")
    html = response.content.decode()
    today = timezone.localdate()
    assert dutch(today) in html
    assert today.strftime("%-d-%-m-%Y") not in html
