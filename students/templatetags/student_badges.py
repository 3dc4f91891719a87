"""The badges that lists of students repeat on every row, written here rather than included
as templates: on a caseload of 50 students they cost a fraction of an `{% include %}` each.
The HTML is what the templates wrote (tests/students/test_badges.py)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def compulsory_badge(student) -> str:
    """"leerplicht" or "RMC" for a student in compulsory education (Student.compulsory_
    education), with what it means as a tooltip; nothing otherwise."""
    mark = student.compulsory_education
    if mark == "leerplicht":
        title = _("Under 18 without a start qualification: compulsory education "
                  "(kwalificatieplicht); report absence to the leerplichtambtenaar.")
        label = _("leerplicht")
    elif mark == "rmc":
        title = _("Under 23 without a start qualification: the RMC is told when the student "
                  "drops out.")
        label = _("RMC")
    else:
        return ""
    return format_html('<span class="badge text-bg-info" data-testid="compulsory" title="{}">'
                       "{}</span>", title, label)


@register.simple_tag
def intake_badge(state: str) -> str:
    """The intake's state (students.selectors.intake_state) as a coloured badge."""
    if state == "done":
        style, label = "success", _("intake done")
    elif state == "late":
        style, label = "warning", _("intake late")
    elif state == "incomplete":
        style, label = "warning", _("intake incomplete")
    elif state == "missing":
        style, label = "danger", _("no intake")
    else:
        style, label = "secondary", _("intake due")
    return format_html('<span class="badge text-bg-{}">{}</span>', style, label)
