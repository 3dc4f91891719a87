"""The Jinja2 environment of the row templates (lob/jinja2.py)."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from lob.jinja2 import date, render_rows, url


def test_url_of_an_object_page_is_the_one_reverse_gives():
    for pk in (1, 42, 1234567):
        assert url("students:detail", pk) == reverse("students:detail", args=[pk])
        assert url("lec:claim", pk) == reverse("lec:claim", args=[pk])
    assert url("students:list") == reverse("students:list")


def test_url_refuses_what_reverse_refuses():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        url("students:detail", "not-a-number")
    with pytest.raises(NoReverseMatch):
        url("no-such-page", 1)


def test_date_shows_local_time_like_django_templates(settings):
    settings.TIME_ZONE = "Europe/Amsterdam"
    late = datetime.datetime(2026, 11, 29, 23, 30, tzinfo=datetime.UTC)  # 00:30 on the 30th there
    with timezone.override("Europe/Amsterdam"), translation.override("nl"):
        assert date(late, "j M Y H:i") == "30 Nov 2026 00:30"


def test_rows_are_escaped_translated_and_safe_to_place(rf: RequestFactory):
    request = rf.get("/")
    with translation.override("nl"):
        html = render_rows(request, "students/list_rows.html", {"students": []})
    assert isinstance(html, SafeString)
    from jinja2 import Environment

    from lob.jinja2 import environment

    env: Environment = environment()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    with translation.override("nl"):
        assert env.from_string('{{ _("Status") }}').render() == "Status"
        assert env.from_string('{{ _("Student number") }}').render() == "Studentnummer"


def test_a_day_is_written_in_the_language_of_the_moment():
    day = datetime.date(2026, 3, 2)
    with translation.override("nl"):
        dutch = date(day, "D j M Y")
    with translation.override("en"):
        english = date(day, "D j M Y")
    assert (dutch, english) == ("ma 2 Mrt 2026", "Mon 2 Mar 2026")
    assert date(datetime.datetime(2026, 3, 2, 9, 5, tzinfo=datetime.UTC), "H:i") != ""


@pytest.mark.parametrize("moment", [
    datetime.datetime(2026, 3, 2, 8, 5, tzinfo=datetime.UTC),
    datetime.datetime(2026, 10, 25, 0, 59, tzinfo=datetime.UTC),  # the night summer time ends
    datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC),  # the next year there
])
@pytest.mark.parametrize("fmt", ["D j M Y H:i", "j M Y", "D j M Y"])
def test_dates_are_what_django_templates_write(settings, moment, fmt):
    from django.template import engines

    settings.TIME_ZONE = "Europe/Amsterdam"
    django_template = engines["django"].from_string("{{ when|date:fmt }}")
    with timezone.override("Europe/Amsterdam"), translation.override("nl"):
        assert date(moment, fmt) == django_template.render({"when": moment, "fmt": fmt})
