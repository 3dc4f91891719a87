"""The case page and the forms on it: each success, each bad input (message, nothing saved),
and the stale-form refusal."""

import datetime
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lec.models import Status
from tests.factories.lec import PlanActionFactory

from .conftest import assert_refused, snapshot


def _future(days=14):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _past(days=1):
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def test_case_page_shows_the_case_file_to_the_case_worker(world, login):
    html = login(world.lec_worker).get(f"/lec/{world.referral.pk}/").content.decode()
    for part in ("Finding:", "Interpretation:", "Action:", "Note:", "Justification:"):
        assert part in html
    assert 'data-testid="findings"' in html and 'data-testid="plan-actions"' in html


def test_a_worker_not_on_the_case_sees_only_the_triage_view_of_a_new_referral(world, login):
    response = login(world.lec_worker2).get(f"/lec/{world.new_referral.pk}/")
    assert response.status_code == 200
    assert response.context["case_file"] is None
    assert 'data-testid="findings"' not in response.content.decode()


def test_a_worker_added_to_the_case_may_read_it(world, login):
    assert login(world.lec_worker2).get(f"/lec/{world.referral.pk}/").status_code == 404
    response = login(world.lec_worker).post(
        f"/lec/{world.referral.pk}/members/",
        {"worker": world.lec_worker2.pk, "version": world.referral.version})
    assert response.status_code == 302
    response = login(world.lec_worker2).get(f"/lec/{world.referral.pk}/")
    assert response.status_code == 200 and response.context["case_file"] is not None


def test_accept_with_a_stale_version_is_refused_with_a_message(world, login):
    referral = world.triage_referral
    stale = referral.version
    login(world.lec_lead).post(f"/lec/{referral.pk}/assign/",
                               {"worker": world.lec_worker.pk, "version": stale})
    before = snapshot(referral)
    response = login(world.lec_worker).post(
        f"/lec/{referral.pk}/accept/",
        {"trajectory": "full", "justification": "", "version": stale}, follow=True)
    assert_refused(response)
    assert "Nothing was saved" in response.content.decode() or \
        "Er is niets opgeslagen" in response.content.decode()
    assert snapshot(referral) == before
    # The form now carries the current version: a deliberate second try works.
    assert response.context["accept_form"].data["version"] == str(before[1])


@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        ("close", {"outcome": "", "feedback": "Klaar."}, "outcome"),
        ("close", {"outcome": "work", "feedback": "  "}, "feedback"),
        ("close", {"outcome": "lottery", "feedback": "Klaar."}, "outcome"),
    ],
)
def test_closing_without_outcome_or_feedback_is_refused(world, login, url, data, field):
    referral = world.running_case
    before = snapshot(referral)
    response = login(world.lec_worker).post(f"/lec/{referral.pk}/{url}/",
                                            {**data, "version": referral.version}, follow=True)
    assert_refused(response)
    assert response.context["close_form"].errors[field]
    assert snapshot(referral) == before


def test_closing_records_outcome_and_feedback_for_the_first_line(world, login):
    referral = world.running_case
    response = login(world.lec_worker).post(
        f"/lec/{referral.pk}/close/",
        {"outcome": "other_school", "feedback": "Gaat naar het Nova College.",
         "version": referral.version})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == (Status.CLOSED, "other_school")
    assert referral.feedback.get().text == "Gaat naar het Nova College."
    assert referral.last_feedback_at is not None


def test_return_without_advice_is_refused(world, login):
    referral = world.triage_referral
    before = snapshot(referral)
    response = login(world.lec_worker).post(f"/lec/{referral.pk}/return/",
                                            {"feedback": "", "version": referral.version}, follow=True)
    assert_refused(response)
    assert response.context["return_form"].errors["feedback"]
    assert snapshot(referral) == before


def test_an_illegal_jump_through_the_advance_form_is_refused(world, login):
    referral = world.triage_referral
    before = snapshot(referral)
    response = login(world.lec_worker).post(
        f"/lec/{referral.pk}/advance/",
        {"to_status": "in_progress", "evaluation_date": _future(), "version": referral.version}, follow=True)
    assert_refused(response)
    assert snapshot(referral) == before
    messages = [str(m) for m in response.context["messages"]]
    assert messages and referral.get_status_display() in messages[0]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"description": "Rooster bespreken", "owner": "", "due_date": _future()}, "owner"),
        ({"description": "Rooster bespreken", "owner": "student", "due_date": _past()},
         "due_date"),
        ({"description": "Rooster bespreken", "owner": "student", "due_date": ""}, "due_date"),
        ({"description": "", "owner": "student", "due_date": _future()}, "description"),
        ({"description": "Bellen", "owner": "partner", "partner": "", "due_date": _future()},
         "partner"),
    ],
)
def test_bad_plan_action_is_refused_at_the_field(world, login, data, field):
    before = snapshot(world.referral)
    response = login(world.lec_worker).post(f"/lec/{world.referral.pk}/actions/", data, follow=True)
    assert_refused(response)
    assert response.context["action_form"].errors[field]
    assert 'class="invalid-feedback' in response.content.decode()
    assert snapshot(world.referral) == before


def test_plan_action_owned_by_the_student_is_added(world, login):
    response = login(world.lec_worker).post(
        f"/lec/{world.referral.pk}/actions/",
        {"description": "Zelf de jeugdarts bellen", "owner": "student",
         "partner": "youth_doctor", "due_date": _future()})
    assert response.status_code == 302
    action = world.referral.actions.latest("pk")
    assert (action.owner, action.partner, action.created_by) == ("student", "youth_doctor",
                                                                 world.lec_worker)


def test_a_stale_plan_action_update_is_refused(world, login):
    action = PlanActionFactory(referral=world.referral)
    prefix = f"a{action.pk}"
    client = login(world.lec_worker)
    first = client.post(f"/lec/actions/{action.pk}/",
                        {f"{prefix}-status": "done", f"{prefix}-outcome": "Gedaan",
                         f"{prefix}-version": 1})
    assert first.status_code == 302
    second = client.post(f"/lec/actions/{action.pk}/",
                         {f"{prefix}-status": "cancelled", f"{prefix}-outcome": "Niet nodig",
                          f"{prefix}-version": 1}, follow=True)
    assert_refused(second)
    action.refresh_from_db()
    assert (action.status, action.outcome, action.version) == ("done", "Gedaan", 2)


def test_finishing_an_action_needs_its_outcome(world, login):
    prefix = f"a{world.plan_action.pk}"
    response = login(world.lec_worker).post(
        f"/lec/actions/{world.plan_action.pk}/",
        {f"{prefix}-status": "done", f"{prefix}-outcome": "", f"{prefix}-version": 1}, follow=True)
    assert_refused(response)
    world.plan_action.refresh_from_db()
    assert world.plan_action.status == "open"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"domain": "", "severity": "mild", "description": "x"}, "domain"),
        ({"domain": "health", "severity": "", "description": "x"}, "severity"),
        ({"domain": "health", "severity": "mild", "description": ""}, "description"),
    ],
)
def test_bad_finding_is_refused(world, login, data, field):
    before = snapshot(world.referral)
    response = login(world.lec_worker).post(f"/lec/{world.referral.pk}/findings/", data, follow=True)
    assert_refused(response)
    assert response.context["finding_form"].errors[field]
    assert snapshot(world.referral) == before


def test_instrument_result_from_the_future_is_refused(world, login):
    before = snapshot(world.referral)
    response = login(world.lec_worker).post(
        f"/lec/{world.referral.pk}/instruments/",
        {"instrument": "SDQ", "administered_on": _future(), "result": "19",
         "interpretation": "Verhoogd"}, follow=True)
    assert_refused(response)
    assert response.context["instrument_form"].errors["administered_on"]
    assert snapshot(world.referral) == before


def test_findings_cannot_be_added_to_a_closed_case(world, login):
    from tests.factories.lec import ReferralFactory
    from tests.factories.students import StudentFactory

    closed = ReferralFactory(student=StudentFactory(programme=world.programme),
                             referred_by=world.counsellor, status=Status.CLOSED,
                             outcome="work", assigned_to=world.lec_worker)
    before = snapshot(closed)
    response = login(world.lec_worker).post(
        f"/lec/{closed.pk}/findings/", {"domain": "health", "severity": "mild",
                                        "description": "Te laat"}, follow=True)
    assert_refused(response)
    assert snapshot(closed) == before


def test_assigning_someone_outside_the_lec_is_refused(world, login):
    before = snapshot(world.referral)
    response = login(world.lec_worker).post(
        f"/lec/{world.referral.pk}/assign/",
        {"worker": world.counsellor.pk, "version": world.referral.version}, follow=True)
    assert_refused(response)
    assert snapshot(world.referral) == before


def test_state_changes_are_post_only(world, login):
    client = login(world.lec_worker)
    for url in ("accept", "return", "advance", "close", "findings", "actions", "notes",
                "feedback", "assign", "members"):
        assert client.get(f"/lec/{world.referral.pk}/{url}/").status_code == 405


class _FormsAndLabels(HTMLParser):
    """Every element id on a page, and per form the ids inside it and the labels' targets."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.forms: list[dict[str, set[str]]] = []
        self.in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = True
            self.forms.append({"ids": set(), "labels": set()})
        if "id" in attrs:
            self.ids.append(attrs["id"])
            if self.in_form:
                self.forms[-1]["ids"].add(attrs["id"])
        if tag == "label" and attrs.get("for") and self.in_form:
            self.forms[-1]["labels"].add(attrs["for"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


@pytest.mark.parametrize(("case", "refused"), [
    ("triage_referral", False), ("referral", False), ("running_case", False),
    ("referral", True), ("running_case", True)])
def test_each_form_on_the_case_page_has_ids_of_its_own(world, login, case, refused):
    """The feedback, note, finding and worker forms share field names; a label must name (and
    a click focus) the field of its own form, so no id is on the page twice."""
    referral = getattr(world, case)
    client = login(world.lec_worker)
    if refused:  # a refused note comes back bound, with its error, beside the empty forms
        response = client.post(f"/lec/{referral.pk}/notes/", {"text": " ", "partner": ""},
                               follow=True)
        assert response.context["note_form"].errors["text"]
    else:
        response = client.get(f"/lec/{referral.pk}/")
    assert response.status_code == 200
    page = _FormsAndLabels()
    page.feed(response.content.decode())
    assert len(page.forms) >= 3
    assert [i for i in page.ids if page.ids.count(i) > 1] == []
    for form in page.forms:
        assert form["labels"] <= form["ids"]


def test_the_two_worker_menus_are_read_with_one_query(world, login):
    """The case worker's page offers the LEC's workers twice (change the case worker, add a
    worker): both menus list them all, from one read of the college's LEC staff."""
    client = login(world.lec_worker)
    url = f"/lec/{world.referral.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    reads = [q["sql"] for q in ctx.captured_queries
             if 'FROM "staff_user"' in q["sql"] and '"auth_group"."name" IN' in q["sql"]]
    assert len(reads) == 1, reads
    page = response.content.decode()
    for worker in (world.lec_worker, world.lec_worker2):
        assert page.count(f'<option value="{worker.pk}"') == 2
