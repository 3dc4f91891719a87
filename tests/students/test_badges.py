"""The student badges (students/templatetags/student_badges.py): the HTML the caseload, the
student page and the absence panel show, in Dutch by default and in English."""

import datetime

import pytest
import time_machine
from django.template import Context, Template
from django.utils import translation

from students.models import Student

TODAY = datetime.date(2026, 12, 1)


def render(source: str, language: str = "en", **context) -> str:
    with translation.override(language):
        return Template("{% load student_badges %}" + source).render(Context(context))


def student(age: int, *, has_start_qualification: bool = False) -> Student:
    return Student(date_of_birth=datetime.date(TODAY.year - age, 11, 30),
                   has_start_qualification=has_start_qualification)


@pytest.mark.parametrize(("age", "has_sq", "label", "title_start"), [
    (16, False, "leerplicht", "Under 18 without a start qualification"),
    (20, False, "RMC", "Under 23 without a start qualification"),
])
def test_compulsory_badge_names_the_mark_and_explains_it(age, has_sq, label, title_start):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)):
        html = render("{% compulsory_badge s %}", s=student(age, has_start_qualification=has_sq))
    assert html.startswith(
        f'<span class="badge text-bg-info" data-testid="compulsory" title="{title_start}')
    assert html.endswith(f'">{label}</span>')


@pytest.mark.parametrize(("age", "has_sq"), [(23, False), (16, True)])
def test_compulsory_badge_is_empty_without_a_mark(age, has_sq):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)):
        assert render("{% compulsory_badge s %}",
                      s=student(age, has_start_qualification=has_sq)) == ""


def test_compulsory_badge_in_dutch():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)):
        html = render("{% compulsory_badge s %}", "nl", s=student(20))
    assert 'title="Jonger dan 23 zonder startkwalificatie' in html
    assert html.endswith(">RMC</span>")


@pytest.mark.parametrize(("state", "expected"), [
    ("done", '<span class="badge text-bg-success">intake done</span>'),
    ("late", '<span class="badge text-bg-warning">intake late</span>'),
    ("incomplete", '<span class="badge text-bg-warning">intake incomplete</span>'),
    ("missing", '<span class="badge text-bg-danger">no intake</span>'),
    ("due", '<span class="badge text-bg-secondary">intake due</span>'),
])
def test_intake_badge_per_state(state, expected):
    assert render("{% intake_badge state %}", state=state) == expected


def test_intake_badge_in_dutch_is_escaped_text():
    html = render("{% intake_badge 'missing' %}", "nl")
    assert html.startswith('<span class="badge text-bg-danger">') and "no intake" not in html
