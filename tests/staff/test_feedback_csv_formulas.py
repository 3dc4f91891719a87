"""F9: a competency name never reaches the 360 CSV as a spreadsheet formula."""

import csv
import io

import pytest

from staff.selectors import cycle_competencies
from tests.staff.helpers import answer, team_colleague

pytestmark = pytest.mark.django_db


def test_a_formula_in_a_competency_name_is_neutralised_in_the_360_csv(client, world):
    cycle = world.cycle
    competency = cycle_competencies(cycle)[0]
    competency.name = "=HYPERLINK(\"http://evil.test\",\"Klik\")"
    competency.save(update_fields=["name"])
    for rater in (world.colleague, world.care_coordinator, team_colleague(world, 1)):
        answer(cycle, rater, score=4)
    client.force_login(world.counsellor)
    body = client.get(f"/staff/cycles/{cycle.pk}/feedback/results.csv").content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body), delimiter=";") for cell in row]
    named = [cell for cell in cells if "HYPERLINK" in cell]
    assert named and all(cell.startswith("'=") for cell in named)
