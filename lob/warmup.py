"""What a web worker loads once, before its first request, and then keeps out of the garbage
collector's way (lob/wsgi.py; `manage.py bench` measures pages in the same state).

Everything loaded lazily on first use (the URLconf and the view modules it imports, every
compiled template and the translation catalogs) lives as long as the worker. Left to the garbage
collector, it is walked again by every full collection: with the templates compiled, about
80,000 objects and 20–80 ms, landing on whichever request triggers it. Loaded up front and
frozen (`gc.freeze()`), it is never walked again; a full collection then walks only what the
requests in flight have made (measured: 4–5 ms).
"""

import gc
import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.utils import get_app_template_dirs
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = {".html", ".txt"}


def template_names() -> list[str]:
    """Every template the Django engine can load, by the name a view would ask for it (a name
    found in two places once: the loader takes the first, as it does for a request)."""
    engine = engines["django"]
    names: dict[str, None] = {}
    for base in [*map(Path, engine.dirs), *map(Path, get_app_template_dirs("templates"))]:
        for path in sorted(base.rglob("*")):
            if path.suffix in TEMPLATE_SUFFIXES and path.is_file():
                names.setdefault(path.relative_to(base).as_posix(), None)
    return list(names)


def load() -> list[str]:
    """Import the URLconf, compile every template, load every language's catalog. Returns the
    names of templates that did not compile (none, in a healthy release: a test says so)."""
    get_resolver().url_patterns  # noqa: B018 - imports every view module now
    engine = engines["django"]
    failed = []
    for name in template_names():
        try:
            engine.get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError) as error:
            # A worker must start all the same; the page that uses it will say what is wrong.
            logger.warning("template %s did not compile at start: %s", name, error)
            failed.append(name)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")
    return failed


def load_and_freeze() -> None:
    load()
    gc.collect()  # no garbage into the permanent generation, where it would never be freed
    gc.freeze()
