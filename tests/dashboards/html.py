"""Read a rendered table back as text rows (header first), to compare it with its CSV."""

from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self, testid: str):
        super().__init__()
        self.testid = testid
        self.depth = 0  # > 0 while inside the wanted table
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("data-testid") == self.testid:
            self.depth = 1
        elif self.depth and tag == "table":
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif self.depth and tag == "table":
            self.depth -= 1

    def handle_data(self, text):
        if self.cell is not None:
            self.cell.append(text)


def table_rows(html: str, testid: str) -> list[list[str]]:
    parser = _Tables(testid)
    parser.feed(html)
    return parser.rows
