"""The read-only BI API: a token per consumer (stored hashed), scoped to its college,
throttled, aggregates only (small groups suppressed), and every response as openapi.json
describes it."""

import json

import jsonschema
import pytest
from django.core.cache import cache
from django.utils import timezone
from referencing import Registry, Resource

from common.schoolyear import school_year_of
from lob.api.models import ApiToken, token_digest
from lob.dashboards.services import dashboard_refresh
from students.models import Student
from tests.factories.students import StudentFactory
from tests.privacy.twofactor import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


def make_token(college=None, name="Power BI"):
    token = ApiToken(name=name, college=college)
    raw = token.issue()
    token.save()
    return token, raw


def get(client, path, raw=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"} if raw else {}
    return client.get(path, params, **headers)


def spec(client):
    return client.get("/api/v1/openapi.json").json()


def validate(document, schema_name, body):
    """Validate `body` against components/schemas/`schema_name` of the served document."""
    resource = Resource.from_contents({**document, "$schema": "https://json-schema.org/draft/2020-12/schema"})
    registry = Registry().with_resource("urn:lob-api", resource)
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"urn:lob-api#/components/schemas/{schema_name}"}, registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    validator.validate(body)


@pytest.fixture
def figures(world_once_per_module):
    # Enough active students in team A1 to pass the minimum group size; team A2 stays small.
    world = world_once_per_module
    StudentFactory.create_batch(10, programme=world.programme)
    dashboard_refresh(school_year=school_year_of(timezone.localdate()))
    return world


def test_openapi_document_is_served_and_is_valid_openapi_3_1(client, db):
    document = spec(client)
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {"/teams/", "/colleges/"}
    jsonschema.Draft202012Validator.check_schema(document["components"]["schemas"]["TeamList"])


def test_team_figures_match_the_openapi_schema_and_are_scoped_to_the_token_college(client, figures):
    w = figures
    _token, raw = make_token(w.college)
    response = get(client, "/api/v1/teams/", raw)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    validate(spec(client), "TeamList", body)
    teams = {t["team_code"]: t for t in body["teams"]}
    assert set(teams) == {"zorg", "techniek"}  # not college Noord's team
    active = Student.objects.filter(programme__team=w.team, status="active").count()
    assert teams["zorg"]["active_students"] == active and not teams["zorg"]["suppressed"]
    # Team A2 has one student: below the minimum group size, every figure null.
    assert teams["techniek"]["suppressed"] and teams["techniek"]["active_students"] is None


def test_college_figures_match_the_schema(client, figures):
    _token, raw = make_token(figures.college)
    body = get(client, "/api/v1/colleges/", raw).json()
    validate(spec(client), "CollegeList", body)
    assert [c["college"] for c in body["colleges"]] == ["west"]


def test_a_roc_wide_token_reads_every_college(client, figures):
    _token, raw = make_token(None)
    body = get(client, "/api/v1/colleges/", raw).json()
    assert [c["college"] for c in body["colleges"]] == ["noord", "west"]


def test_no_personal_data_in_any_response(client, figures):
    _token, raw = make_token(None)
    text = json.dumps([get(client, p, raw).json() for p in ("/api/v1/teams/", "/api/v1/colleges/")])
    for student in Student.objects.all():
        assert student.student_number not in text and student.last_name not in text
    assert "@" not in text  # no e-mail address of anyone


@pytest.mark.parametrize("header", ["", "Bearer ", "Bearer nonsense", "Token lob_x_y", "Bearer lob_abcd1234_wrong"])
def test_without_a_valid_token_the_answer_is_401(client, figures, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/teams/", **extra)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    validate(spec(client), "Error", response.json())


def test_a_revoked_token_is_refused(client, figures):
    token, raw = make_token(figures.college)
    token.revoke()
    assert get(client, "/api/v1/teams/", raw).status_code == 401


def test_a_signed_in_session_does_not_open_the_api(client, figures):
    log_in(client, figures.admin)
    assert client.get("/api/v1/teams/").status_code == 401


def test_only_the_hash_is_stored(figures):
    token, raw = make_token(figures.college)
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == token_digest(raw) and raw not in (stored.digest, stored.prefix)
    assert ApiToken.find(raw) == stored


def test_requests_are_throttled_per_token(client, figures, settings):
    settings.LOB_API_RATE_PER_MINUTE = 3
    _t, raw = make_token(figures.college)
    _t2, other = make_token(figures.college, name="Other tool")
    statuses = [get(client, "/api/v1/colleges/", raw).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = get(client, "/api/v1/colleges/", raw)
    assert 0 < int(limited["Retry-After"]) <= 60
    validate(spec(client), "Error", limited.json())
    assert get(client, "/api/v1/colleges/", other).status_code == 200


def test_a_bad_school_year_is_a_400(client, figures):
    _t, raw = make_token(figures.college)
    response = get(client, "/api/v1/teams/", raw, school_year="volgend jaar")
    assert response.status_code == 400
    validate(spec(client), "Error", response.json())


def test_the_admin_makes_a_token_for_the_own_college_and_sees_it_once(client, world_once_per_module):
    world = world_once_per_module
    log_in(client, world.admin)
    response = client.post("/admin/api/apitoken/add/", {"name": "Power BI", "college": world.college.pk},
                           follow=True)
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Power BI")
    shown = [str(m) for m in response.context["messages"]]
    raw = next(word for m in shown for word in m.split() if word.startswith("lob_"))
    assert ApiToken.find(raw) == token and token.created_by == world.admin
    # Another college cannot be chosen by a college's administrator.
    response = client.post("/admin/api/apitoken/add/", {"name": "X", "college": world.other_college.pk})
    assert not ApiToken.objects.filter(name="X").exists()
