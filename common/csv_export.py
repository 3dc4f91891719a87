"""The one CSV writer of the app: every export goes through it.

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
return before one) as a formula, so a name like `=HYPERLINK(...)` typed into a form would
become a live link or worse in the file someone downloads. Such cells get a leading single
quote, which spreadsheets show as text (OWASP's advice for CSV injection). Plain numbers such
as `-3` or `+1,5` are not formulas and stay as they are.

Every download has one format, the one Dutch Excel opens by double-click: fields separated by
a semicolon (Excel in a Dutch locale uses the comma as decimal separator, so it expects `;`) and
a byte-order mark so that it reads the file as UTF-8 (names with ë, ç, ...).
"""

import csv
import re
from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+([.,][0-9]+)?%?")


def safe_cell(value) -> str:
    """One cell's text, neutralised when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class SafeWriter:
    """csv.writer with every cell passed through safe_cell."""

    def __init__(self, target, **options):
        self._writer = csv.writer(target, **options)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


DELIMITER = ";"
BOM = "\ufeff"


def csv_response(filename: str, rows: Iterable[Iterable]) -> HttpResponse:
    """An attachment `filename` (with .csv) holding `rows` (the first one is the header), in
    the one format of the app (see above)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    SafeWriter(response, delimiter=DELIMITER).writerows(rows)
    return response


class _Echo:
    """A file-like object whose write() returns what it was given (for streaming)."""

    def write(self, value):
        return value


def csv_stream_response(filename: str, header: Iterable, rows: Iterable[Iterable], *,
                        delimiter: str = ";", excel_bom: bool = True) -> StreamingHttpResponse:
    """Like csv_response, for files that can be long (an audit log): the rows are written as
    they are read, so memory does not grow with the file. Semicolon-separated with a
    byte-order mark by default, as Dutch Excel opens it in columns."""
    writer = csv.writer(_Echo(), delimiter=delimiter)

    def lines():
        if excel_bom:
            yield "\ufeff"
        yield writer.writerow([safe_cell(value) for value in header])
        for row in rows:
            yield writer.writerow([safe_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
