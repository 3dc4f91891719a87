"""F9: the one CSV writer neutralises every cell a spreadsheet would run as a formula."""

import csv
import io

import pytest

from common.csv_export import SafeWriter, csv_response, safe_cell


@pytest.mark.parametrize("value", ["=1+1", "+31 6 1234", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
                                   '=HYPERLINK("http://x.test","y")'])
def test_formula_starts_get_a_quote(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Zoë", "", "3", "-3", "+1,5", "-12.5%", "–", "a=b"])
def test_text_and_plain_numbers_stay_as_they_are(value):
    assert safe_cell(value) == value


def test_writer_and_response_neutralise_every_cell():
    out = io.StringIO()
    SafeWriter(out).writerows([["=1", 2, None]])
    assert out.getvalue() == "'=1,2,\r\n"
    response = csv_response("x.csv", [["h"], ["@evil"]], delimiter=";", excel_bom=True)
    body = response.content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body), delimiter=";")) == [["h"], ["'@evil"]]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
