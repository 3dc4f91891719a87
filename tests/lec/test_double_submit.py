"""Issue 15 R10 on the case file: each add form carries a one-time token, so the same form
sent twice (a double click, a resend, a second tab) adds one row; a date outside the
plausible range (R1) is refused at the field."""

import datetime

import pytest
from django.utils import timezone

from lec.models import CaseNote, Feedback, Finding, InstrumentResult, PlanAction, Status
from tests.lec.conftest import assert_refused


def _future(days=14):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


FORMS = [
    ("findings", "finding_form", Finding,
     {"domain": "housing", "severity": "mild", "description": "Woont bij oma."}),
    ("instruments", "instrument_form", InstrumentResult,
     {"instrument": "SDQ", "administered_on": "2026-01-05", "result": "19",
      "interpretation": "Verhoogd"}),
    ("notes", "note_form", CaseNote, {"partner": "youth_doctor", "text": "Gebeld."}),
    ("actions", "action_form", PlanAction,
     {"description": "Rooster bespreken", "owner": "student", "partner": ""}),
    ("feedback", "feedback_form", Feedback, {"text": "Tussenstand: gaat de goede kant op."}),
]


@pytest.mark.parametrize(("url", "form", "model", "data"), FORMS, ids=[f[0] for f in FORMS])
def test_the_same_add_form_sent_twice_adds_one_row(world, login, url, form, model, data):
    if model is PlanAction:
        world.referral.__class__.objects.filter(pk=world.referral.pk).update(status=Status.PLAN)
        data = {**data, "due_date": _future()}
    client = login(world.lec_worker)
    page = client.get(f"/lec/{world.referral.pk}/")
    token = page.context[form]["submission_token"].value()
    assert token
    before = model.objects.count()
    answers = [client.post(f"/lec/{world.referral.pk}/{url}/",
                           {**data, "submission_token": str(token)}) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[1].url == answers[0].url  # the second answer leads to the first's result
    assert model.objects.count() == before + 1


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_an_instrument_in_year_one_is_refused_at_the_field(world, login, day):
    before = InstrumentResult.objects.count()
    response = login(world.lec_worker).post(
        f"/lec/{world.referral.pk}/instruments/",
        {"instrument": "SDQ", "administered_on": day, "result": "19",
         "interpretation": "Verhoogd"}, follow=True)
    assert_refused(response)
    assert response.context["instrument_form"].errors["administered_on"]
    assert InstrumentResult.objects.count() == before


def test_interim_feedback_sent_twice_shows_the_first_once(world, login):
    client = login(world.lec_worker)
    token = client.get(f"/lec/{world.referral.pk}/").context["feedback_form"]["submission_token"]
    data = {"text": "Tussenstand: eerste gesprek gevoerd.", "submission_token": str(token.value())}
    client.post(f"/lec/{world.referral.pk}/feedback/", data)
    page = client.post(f"/lec/{world.referral.pk}/feedback/", data, follow=True)
    assert page.status_code == 200
    assert page.content.decode().count("Tussenstand: eerste gesprek gevoerd.") == 1
    assert Feedback.objects.filter(text=data["text"]).count() == 1


def test_one_token_used_on_another_case_adds_nothing_there(world, login):
    client = login(world.lec_worker)
    token = str(client.get(f"/lec/{world.referral.pk}/")
                .context["feedback_form"]["submission_token"].value())
    client.post(f"/lec/{world.referral.pk}/feedback/", {"text": "Eerste.", "submission_token": token})
    client.post(f"/lec/{world.running_case.pk}/feedback/",
                {"text": "Eerste.", "submission_token": token})
    assert not Feedback.objects.filter(referral=world.running_case, text="Eerste.").exists()
