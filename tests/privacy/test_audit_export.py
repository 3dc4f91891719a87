"""The audit page for the privacy officer: a staff filter that lists each reader once, told
apart and in name order; one name ("Casusnummer") for the referral number; the access log as
a CSV file, filtered as on the screen."""

import csv
import datetime
import io

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from common.names import sort_name
from lec.models import AccessLog
from tests.factories.staff import UserFactory
from tests.lob.test_one_voice import CATALOGUES, _translations

pytestmark = pytest.mark.django_db


def _read(user, referral, *, days_ago=0, action="view_case"):
    return AccessLog.objects.create(user=user, referral=referral, action=action,
                                    at=timezone.now() - datetime.timedelta(days=days_ago))


def _two_jans(world):
    jans = [UserFactory(college=world.college, first_name="Jan", last_name="de Boer",
                        email=f"jan.{n}@west.test", roles=["lec_worker"]) for n in (1, 2)]
    for jan in jans:
        _read(jan, world.referral)
    return jans


def test_the_staff_filter_lists_each_reader_once_told_apart_in_dutch_name_order(world, login):
    jans = _two_jans(world)
    for _ in range(3):
        _read(world.lec_worker, world.referral)
    yilmaz = UserFactory(college=world.college, first_name="Ayse", last_name="Yilmaz")
    _read(yilmaz, world.referral)
    form = login(world.privacy_officer).get("/privacy/audit/").context["form"]
    choices = [label for value, label in form.fields["user"].choices if value]
    assert choices.count("Jan de Boer (jan.1@west.test)") == 1
    assert choices.count("Jan de Boer (jan.2@west.test)") == 1
    assert len(choices) == len(set(choices)) == 4  # only who read a case, once each
    assert world.hr.email not in " ".join(choices)  # never read a case: not offered
    readers = sorted([*jans, world.lec_worker, yilmaz],
                     key=lambda u: (sort_name(u.last_name), u.first_name, u.pk))
    assert choices == [f"{u.get_full_name()} ({u.email})" for u in readers]
    assert choices[-1] == f"Ayse Yilmaz ({yilmaz.email})"  # not under "d" for "de Boer"


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_the_privacy_officer_downloads_the_access_log_as_filtered(world, login):
    _read(world.lec_worker, world.referral, days_ago=3)
    today_row = _read(world.lec_lead, world.referral)
    _read(world.foreign_lec_lead, world.foreign_referral)
    client = login(world.privacy_officer)
    response = client.get("/privacy/audit/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = _csv(response)
    assert header == ["Wanneer", "Medewerker", "E-mailadres", "Actie", "Casusnummer",
                      "Studentnummer"]
    assert len(rows) == 2  # not the other college's
    today = timezone.localdate().isoformat()
    response = client.get("/privacy/audit/export.csv", {"date_from": today, "date_to": today})
    header, *rows = _csv(response)
    assert rows == [[rows[0][0], world.lec_lead.get_full_name(), world.lec_lead.email,
                     today_row.get_action_display(), str(world.referral.pk),
                     world.referral.student.student_number]]
    with translation.override("nl"):
        assert rows[0][0] == date_format(timezone.localtime(today_row.at), "DATETIME_FORMAT")


def test_a_bad_filter_exports_nothing(world, login):
    _read(world.lec_worker, world.referral)
    response = login(world.privacy_officer).get("/privacy/audit/export.csv",
                                                {"date_from": "gisteren"})
    header, *rows = _csv(response)
    assert rows == []


@pytest.mark.parametrize("n", [1, 50])
def test_the_export_asks_the_database_a_fixed_number_of_times(world, login, n,
                                                              django_assert_max_num_queries):
    for _ in range(n):
        _read(world.lec_worker, world.referral)
    client = login(world.privacy_officer)
    with django_assert_max_num_queries(8):
        response = client.get("/privacy/audit/export.csv")
        rows = _csv(response)[1:]
    assert len(rows) == n


def test_the_referral_number_has_one_name_on_every_page(world, login):
    _read(world.lec_worker, world.referral)
    audit = login(world.privacy_officer).get("/privacy/audit/").content.decode()
    assert audit.count("Casusnummer") >= 2  # the filter and the column
    lec_log = login(world.lec_lead).get("/lec/access-log/")
    assert "Casusnummer" in lec_log.content.decode()
    names = {"Aanmeldingsnummer", "Verwijzingsnummer", "Referentienummer"}
    used = [(path.name, msgstr) for path in CATALOGUES for _msgid, msgstr in _translations(path)
            if any(name.lower() in msgstr.lower() for name in names)]
    assert used == []
