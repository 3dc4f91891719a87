"""The readable subject-access export reads as a document a student or their lawyer can read:
Dutch labels from the models' verbose names, values as the app shows them, a part per kind
of record with a Dutch heading and a count, no internal names, ids or Python values."""

import datetime
import re
from html import unescape

import pytest
from django.db import models
from django.utils import translation
from django.utils.functional import Promise

from lec.models import Transition
from lob.privacy import document, graph

pytestmark = pytest.mark.django_db


def _subject_models():
    models_ = [sm.model for sm in graph.subject_models() if not sm.model._meta.auto_created]
    return models_ + [model for model, _label in graph.soft_models()]


@pytest.mark.parametrize("model", _subject_models(), ids=lambda m: m._meta.label)
def test_every_shown_field_has_a_translatable_label(model):
    meta = model._meta
    assert isinstance(meta.original_attrs.get("verbose_name_plural"), Promise), meta.label
    untranslated = [f.name for f in document.readable_fields(model)
                    if not isinstance(f.verbose_name, Promise)]
    assert untranslated == []


@pytest.mark.parametrize("model", _subject_models(), ids=lambda m: m._meta.label)
def test_every_json_field_is_shown_as_text(model):
    for f in document.readable_fields(model):
        if isinstance(f, models.JSONField):
            assert f"{model._meta.label_lower}.{f.name}" in document.READABLE_JSON


def _text(html: str) -> str:
    body = html.split('data-testid="export-document"', 1)[1]
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def _export(client, student):
    response = client.post(f"/privacy/students/{student.pk}/export/", {"format": "html"},
                           HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    return response.content.decode()


def _add_transition(world):
    from django.utils import timezone

    return Transition.objects.create(
        referral=world.referral, from_status="submitted", to_status="triage", by=world.lec_lead,
        at=timezone.now(), duration=datetime.timedelta(minutes=2, seconds=38,
                                                       microseconds=232570))


RAW = ("Terugkoppelings", "Case notes", "Transitions", " Ip ", "created_at", "submission_token",
       "referral_id", "True", "False", "None", "{", "0:02:38", "Submission token", "Version",
       "#")


def test_the_lec_lead_reads_a_document_not_a_database_dump(world, login):
    _add_transition(world)
    text = _text(_export(login(world.lec_lead), world.student))
    # Dutch headings per kind of record, and counts in words.
    for heading in ("Inschrijving", "Begeleiding door de eerste lijn",
                    "Zorg door het LEC (tweede lijn)", "Verwijzingen", "Terugkoppelingen",
                    "Statuswijzigingen"):
        assert heading in text
    assert re.search(r"\b1 vermelding\b", text)
    # No English headings, broken plurals, field names, ids or Python values.
    for raw in RAW:
        assert raw not in text, raw
    # Values as the app shows them: names, labels, Dutch dates, yes/no, durations.
    assert world.lec_lead.get_full_name() in text
    assert "2 minuten" in text
    assert re.search(r"\b(ja|nee)\b", text)
    assert re.search(r"\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)\.? 20\d\d", text)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    # What the lead may not read is said in words, not shown.
    assert "gegevens van de eerste lijn die jij niet mag inzien" in text


def test_the_admin_reads_the_first_line_records_by_name(world, login):
    text = _text(_export(login(world.admin), world.student))
    assert "Actiepunten" in text and world.follow_up.description in text
    assert world.counsellor.get_full_name() in text
    for raw in RAW:
        assert raw not in text, raw


def test_the_register_part_names_programme_team_and_groups(world, login):
    text = _text(_export(login(world.admin), world.student))
    assert "Studentnummer 100001" in text
    assert world.programme.name in text and world.team.name in text
    assert "LOB VIG 1A" in text


def test_value_text_shows_values_as_the_app_does(world):
    transition = _add_transition(world)
    transition.duration = datetime.timedelta(days=3, hours=4, minutes=5)
    field = Transition._meta.get_field("duration")
    with translation.override("nl"):
        assert document.value_text(field, transition, {}, world.student) == "3 dagen 4 uur"
        flag = world.student._meta.get_field("has_start_qualification")
        assert document.value_text(flag, world.student, {}, world.student) in ("ja", "nee")


@pytest.mark.parametrize("extra", [0, 30])
def test_the_document_asks_the_database_a_fixed_number_of_times(world, login, extra,
                                                                django_assert_num_queries):
    from tests.factories.students import FollowUpFactory

    for _ in range(extra):
        FollowUpFactory(session=world.session, student=world.student, owner=world.counsellor)
    client = login(world.admin)
    _export(client, world.student)
    with django_assert_num_queries(106):  # one read per kind of record: grows with the models, never the rows
        _export(client, world.student)


def test_a_done_correction_says_in_words_what_was_corrected(world, login):
    client = login(world.admin)
    request = world.correction_request
    client.post(f"/privacy/requests/{request.pk}/correct/", {
        "version": request.version, "first_name": "Sanne", "last_name": "de Vries-Jansen",
        "date_of_birth": world.student.date_of_birth.isoformat(), "decision_note": ""})
    html = client.get(f"/privacy/requests/{request.pk}/", HTTP_ACCEPT_LANGUAGE="nl")
    text = unescape(re.sub(r"<[^>]+>", " ", html.content.decode()))
    assert "Gecorrigeerd: achternaam" in text
    assert "last_name" not in text
