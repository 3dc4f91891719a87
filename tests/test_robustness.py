"""Bad input on every form and filter of the app (issue 15, "Must hold").

Built from the URL × role matrix (tests/matrix.py): every POST case, as a persona who may use
it, has each field of its payload replaced by each kind of bad value (out-of-range dates and
numbers, a Unicode digit, a NUL byte, 100,000 characters, a repeated key, a missing field),
plus a bad `next`, a tampered formset count and a double submit; every page is asked with each
bad value in every filter parameter the app reads. The answer is a page with a message, a
redirect or a 4xx — never a 500 — and a refused POST leaves every row count as it was.

Each case runs its requests in savepoints rolled back one by one, on the module's world.
"""

from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import connection, transaction

from tests.conftest import PERSONAS, persona_user
from tests.matrix import all_cases
from tests.privacy.twofactor import log_in

BAD_VALUES = {
    "year-1": "0001-01-01",
    "year-9999": "9999-12-31T23:59",
    "unicode-digit": "²",
    "nul": "a\x00b",
    "huge-text": "x" * 100_000,
    "huge-number": "9" * 30,
    "negative": "-1",
    "array": ["1", "2"],
}
MISSING = object()

# Every name the app's pages read from a query string (grep request.GET, the filter forms).
FILTER_PARAMS = [
    "page", "q", "sort", "dir", "status", "worker", "owner", "mine", "year", "team", "since",
    "student", "show", "flag", "programme", "study_year", "counsellor", "pathway", "user",
    "action", "date_from", "date_to", "employee", "category", "overdue", "school_year", "stage",
    "next",
]

# What a refused request must leave as it was (the access log records reads on purpose).
UNCOUNTED = {"lec.accesslog", "privacy.privacyevent", "sessions.session", "axes.accesslog",
             "axes.accessattempt", "axes.accessfailurelog"}
COUNTED = [m for m in apps.get_models()
           if m._meta.app_label in {"students", "lec", "staff", "privacy", "notifications"}
           and m._meta.label_lower not in UNCOUNTED]


def _persona(case):
    return next((p for p in PERSONAS if case.expect[p] in (200, 302)), None)


POST_CASES = [c for c in all_cases() if c.method == "post" and _persona(c)]
GET_CASES = [c for c in all_cases() if c.method == "get" and _persona(c)]


class _FormScan(HTMLParser):
    """The POST forms of a page, each {"action", "data": {name: [values]}} as a browser would
    send it untouched (checked boxes, selected or first options, textarea text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.current, self.select, self.textarea = [], None, None, None
        self._first = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.current = {"action": a.get("action") or "", "data": {}}
            self.forms.append(self.current)
        if self.current is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.current["data"].setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.current["data"].setdefault(name, []).append(a.get("value", ""))
        elif tag == "select" and name:
            self.select = name
            self.current["data"].setdefault(name, [])
            self._first = None
        elif tag == "option" and self.select:
            v = a.get("value", "")
            if "selected" in a:
                self.current["data"][self.select] = [v]
            elif not self.current["data"][self.select] and self._first is None and v:
                self._first = v
        elif tag == "textarea" and name:
            self.textarea = name
            self.current["data"].setdefault(name, [""])

    def handle_data(self, data):
        if self.textarea and self.current:
            self.current["data"][self.textarea] = [self.current["data"][self.textarea][0] + data]

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            if not self.current["data"][self.select] and self._first:
                self.current["data"][self.select] = [self._first]
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.current = None


@pytest.fixture
def world(world_once_per_module):
    return world_once_per_module


# Every counted table's rows in one statement (a COUNT per model was about 55 round trips
# before and after each of the thousands of requests below). The names are the models' tables.
_TABLES = [connection.ops.quote_name(m._meta.db_table) for m in COUNTED]
_COUNTS_SQL = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t})" for t in _TABLES)  # noqa: S608


def _counts():
    with connection.cursor() as cursor:
        cursor.execute(_COUNTS_SQL)
        row = cursor.fetchone()
    return dict(zip((m._meta.label for m in COUNTED), row, strict=True))


def _send(client, case, path, data, *, method=None):
    headers = {"HTTP_HX_REQUEST": "true"} if case.htmx else {}
    if (method or case.method) == "post":
        return client.post(path, data, **headers)
    return client.get(path, data, **headers)


def _attempt(client, case, path, data, label, failures, *, method=None, refused_if_200=False):
    """One request in a savepoint rolled back afterwards; failures get a line each."""
    with transaction.atomic():
        before = _counts() if method != "get" else None
        try:
            response = _send(client, case, path, data, method=method)
        except Exception as exc:  # the test client re-raises what would be a 500
            failures.append(f"{label}: raised {type(exc).__name__}: {str(exc)[:200]}")
            transaction.set_rollback(True)
            return
        status = response.status_code
        if status >= 500:
            failures.append(f"{label}: answered {status}")
        refused = 400 <= status < 500 or (status == 200 and refused_if_200)
        after = _counts() if before is not None and refused else before
        if after != before:
            changed = {k: (v, after[k]) for k, v in before.items() if after[k] != v}
            failures.append(f"{label}: refused ({status}) but changed rows {changed}")
        transaction.set_rollback(True)


def _mutations(data: dict):
    """(label, data) for each field × each bad value, and each field missing."""
    for field in data:
        for name, value in BAD_VALUES.items():
            yield f"{field}={name}", {**data, field: value}
        yield f"{field} missing", {k: v for k, v in data.items() if k != field}
    yield "bad next", {**data, "next": "abc"}
    yield "NUL in next", {**data, "next": "/\x00"}
    yield "tampered formset count", {**data, "fu-TOTAL_FORMS": "-1", "fu-INITIAL_FORMS": "0"}


@pytest.mark.parametrize("case", POST_CASES, ids=lambda c: c.id)
def test_bad_input_on_every_form_is_refused_cleanly(client, world, case):
    persona = _persona(case)
    if case.setup:
        case.setup(world, persona)
    log_in(client, persona_user(world, persona))
    path, data = case.path(world), case.payload(world)
    # A 200 where the valid form redirects is the form coming back with its messages.
    refused_if_200 = case.expect[persona] == 302
    failures: list[str] = []
    for label, mutated in _mutations(data):
        _attempt(client, case, path, mutated, f"{case.id} as {persona}, {label}", failures,
                 refused_if_200=refused_if_200)
    # A double submit: the same valid form twice.
    with transaction.atomic():
        for attempt in (1, 2):
            try:
                status = _send(client, case, path, data).status_code
            except Exception as exc:
                failures.append(f"{case.id} double submit {attempt}: raised {exc!r:.200}")
                break
            if status >= 500:
                failures.append(f"{case.id} double submit {attempt}: answered {status}")
        transaction.set_rollback(True)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("case", GET_CASES, ids=lambda c: c.id)
def test_bad_filters_on_every_page_are_ignored_or_refused(client, world, case):
    persona = _persona(case)
    if case.setup:
        case.setup(world, persona)
    log_in(client, persona_user(world, persona))
    path = case.path(world)
    base, _, query = path.partition("?")
    own = [pair.split("=", 1)[0] for pair in query.split("&") if pair]
    failures: list[str] = []
    for name, value in BAD_VALUES.items():
        params = dict.fromkeys([*FILTER_PARAMS, *own], value)
        _attempt(client, case, base, params, f"{case.id} as {persona}, all filters={name}",
                 failures, method="get")
    for param in own:  # the case's own parameters, one at a time
        for name, value in BAD_VALUES.items():
            _attempt(client, case, base, {param: value}, f"{case.id}, {param}={name}",
                     failures, method="get")
    assert not failures, "\n".join(failures)


# The forms that only have a GET case in the matrix (their POST is tested by their own
# modules): their payload is read from the page as a browser would send it.
POSTED = {c.url_name for c in POST_CASES}
FORM_PAGES = [c for c in GET_CASES if c.url_name not in POSTED]
DERIVED_VALUES = ("unicode-digit", "nul", "huge-text", "array")


def _derived_mutations(data: dict):
    for field in data:
        if field in ("csrfmiddlewaretoken", "submission_token"):
            continue
        values = [*DERIVED_VALUES, *(["year-1"] if _is_date(field) else [])]
        for name in values:
            yield f"{field}={name}", {**data, field: BAD_VALUES[name]}
        yield f"{field} missing", {k: v for k, v in data.items() if k != field}
    yield "tampered formset count", {**data, "fu-TOTAL_FORMS": "-1"}


def _is_date(field: str) -> bool:
    return any(part in field for part in ("date", "_on", "_at", "deadline", "since"))


@pytest.mark.parametrize("case", FORM_PAGES, ids=lambda c: c.id)
def test_bad_input_on_the_forms_of_every_page_is_refused_cleanly(client, world, case):
    persona = _persona(case)
    if case.setup:
        case.setup(world, persona)
    log_in(client, persona_user(world, persona))
    path = case.path(world)
    page = client.get(path)
    if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
        return
    scan = _FormScan()
    scan.feed(page.content.decode())
    own = [f for f in scan.forms if f["action"] in ("", path, path.split("?")[0])]
    failures: list[str] = []
    for form in own:
        data = {k: v if len(v) != 1 else v[0] for k, v in form["data"].items()}
        for label, mutated in _derived_mutations(data):
            _attempt(client, case, path, mutated, f"{case.id} as {persona}, {label}", failures,
                     method="post")
    assert not failures, "\n".join(failures)


def test_lec_case_list_with_a_superscript_worker_is_shown(login, world):
    """R4: `?worker=²` passed str.isdigit() and crashed int()."""
    response = login(world.lec_lead).get("/lec/cases/", {"worker": "²", "mine": "0"})
    assert response.status_code == 200


def test_dashboard_refresh_with_a_bad_next_goes_to_the_dashboards(login, world):
    """R3: `next=abc` was taken for a view name after the refresh was queued."""
    response = login(world.manager).post("/dashboards/refresh/",
                                         {"year": "2020", "next": "abc"})
    assert response.status_code == 302
    assert response["Location"] == "/dashboards/"
