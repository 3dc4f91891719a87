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
    response = csv_response("x.csv", [["h"], ["@evil"]])
    assert read_csv(response) == [["h"], ["'@evil"]]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


def read_csv(response) -> list[list[str]]:
    """The rows of a CSV download, asserting the one format Dutch Excel opens by
    double-click: a byte-order mark, then fields separated by semicolons."""
    raw = response.content
    assert raw.startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8"
    body = raw.decode("utf-8-sig")
    header = body.splitlines()[0]
    assert "," not in header or ";" in header, "fields are separated by semicolons"
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def test_every_download_is_semicolon_separated_with_a_bom():
    """Dutch Excel opens a comma-separated file as one column (issue 16): one format for all."""
    response = csv_response("x.csv", [["Naam", "Bereik"], ["Zoë de Vries", "2,3"]])
    assert response.content == "\ufeffNaam;Bereik\r\nZoë de Vries;2,3\r\n".encode()
