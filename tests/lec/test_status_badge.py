"""`{% status_badge referral %}` (lec/templatetags/lec.py): a referral's status as the badge the
case list, the case page and the first line's pages show, in the reader's language."""

import pytest
from django.template import Context, Template
from django.utils import translation

from lec.models import Referral, Status


def render(referral: Referral, language: str) -> str:
    with translation.override(language):
        return Template("{% load lec %}{% status_badge r %}").render(Context({"r": referral}))


@pytest.mark.parametrize(("status", "css", "label"), [
    (Status.SUBMITTED, "text-bg-warning", "Submitted"),
    (Status.TRIAGE, "text-bg-info", "In triage"),
    (Status.IN_PROGRESS, "text-bg-primary", "In progress"),
    (Status.CLOSED, "text-bg-success", "Closed"),
    (Status.RETURNED, "text-bg-secondary", "Returned to the first line"),
])
def test_badge_colour_and_label_per_status(status, css, label):
    assert render(Referral(status=status), "en") == (
        f'<span class="badge {css}" data-testid="referral-status">{label}</span>')


def test_badge_label_in_dutch():
    html = render(Referral(status=Status.CLOSED), "nl")
    assert html.startswith('<span class="badge text-bg-success" data-testid="referral-status">')
    assert ">Closed<" not in html
