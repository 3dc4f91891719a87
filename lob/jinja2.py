"""The Jinja2 environment, for the few partials written out once per row of a long list.

Pages are Django templates. A table row, though, is rendered dozens of times per page, and
Django's template engine spends more on each row than the database on the whole page: the
rows of the triage queue, the student list and the caseload, and the entries of a student's
timeline, are Jinja2 templates (`<app>/jinja2/`), which a view renders with `render_rows()` and hands to its
Django template as HTML.

Their texts are marked `{{ _("...") }}` or `{% set x = _("...") %}`, a form `makemessages`
extracts like any template's, and are translated with Django's own catalogues; plural and
parametrised texts are made in Python. Autoescaping is on, as in Django templates.
"""

import datetime
from functools import lru_cache

from django.conf import settings
from django.template import defaultfilters
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, ngettext
from jinja2 import Environment, pass_environment
from markupsafe import Markup


def url(viewname: str, *args) -> str:
    """`reverse(viewname, args=args)`, reversed once per name: without arguments as the
    navigation's links (`nav_url`); with one whole number (an object's page, once per row) the
    number is then filled in; with other arguments once per name and arguments."""
    if not args:
        return reverse(viewname)
    if len(args) == 1 and type(args[0]) is int:
        head, tail = _int_url_parts(viewname, get_urlconf() or settings.ROOT_URLCONF,
                                    get_script_prefix())
        return f"{head}{args[0]}{tail}"
    return reverse(viewname, args=args)


_MARKER = 987654321987


@lru_cache(maxsize=256)
def _int_url_parts(viewname: str, urlconf: str, prefix: str) -> tuple[str, str]:
    head, marker, tail = reverse(viewname, args=[_MARKER], urlconf=urlconf).partition(
        str(_MARKER))
    if not marker:
        raise ValueError(f"{viewname} does not show its argument in the URL")
    return head, tail


def date(value, arg=None) -> str:
    """Django's `date` filter, in local time as Django templates show it. The day (in a format
    of the day, or of the day and " H:i") is written once per day, format and language."""
    if isinstance(value, datetime.datetime):
        value = template_localtime(value)
        if arg in DAY_FORMATS:
            return _day(value.date(), arg, get_language())
        if arg and arg.endswith(" H:i") and arg[:-4] in DAY_FORMATS:
            return f"{_day(value.date(), arg[:-4], get_language())} {value:%H:%M}"
    elif isinstance(value, datetime.date) and arg in DAY_FORMATS:
        return _day(value, arg, get_language())
    return defaultfilters.date(value, arg)


DAY_FORMATS = frozenset({"j M Y", "D j M Y", "j F Y", "d-m-Y"})


@lru_cache(maxsize=4096)
def _day(day: datetime.date, arg: str, language: str) -> str:
    return defaultfilters.date(day, arg)


def linebreaksbr(value) -> SafeString:
    """Django's `linebreaksbr`: the text escaped, its line breaks as <br>."""
    return defaultfilters.linebreaksbr(value, autoescape=True)


@pass_environment
def render_entry(env: Environment, entry) -> Markup:
    """A timeline entry (lob.timeline.TimelineEntry) by its own template, given
    {"entry": entry, **entry.context}."""
    html = env.get_template(entry.template).render({"entry": entry, **entry.context})
    return Markup(html)  # noqa: S704 (Jinja2 escaped what it wrote)


def environment(**options) -> Environment:
    options.pop("autoescape", None)  # always on, whatever the settings say
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals["url"] = url
    env.globals["render_entry"] = render_entry
    env.filters["date"] = date
    env.filters["linebreaksbr"] = linebreaksbr
    return env


def render_rows(request, template_name: str, context: dict) -> SafeString:
    """Rows rendered by Jinja2, for a Django template to place as they are."""
    return mark_safe(render_to_string(template_name, context, request, using="jinja2"))  # noqa: S308
