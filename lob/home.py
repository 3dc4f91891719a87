"""The home page and the navigation are assembled from what each app offers the user.

Each app may define, in `<app>/home.py`:
- `panels(request) -> list[Panel]`: blocks on the home page ("what needs my attention");
- `nav_items(request) -> list[NavItem]`: entries in the top navigation.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

PROVIDER_MODULES = [
    "students.home",
    "lec.home",
    "staff.home",
    "lob.notifications.home",
    "lob.dashboards.home",
    "lob.privacy.home",
    "lob.panels",
]


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int = 100
    active_prefix: str = ""


def nav_url(viewname: str) -> str:
    """`reverse(viewname)` for a URL without arguments, worked out once: the navigation is on
    every page and reversing a name walks the whole URL tree."""
    return cached_reverse(viewname)


def cached_reverse(viewname: str, *args: int | str) -> str:
    """`reverse(viewname, args=args)`, worked out once per name and arguments (whole numbers
    and short strings: object ids, a table's key) for the URL configuration in use."""
    return _reverse(viewname, args, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@lru_cache(maxsize=4096)
def _reverse(viewname: str, args: tuple, urlconf: str, prefix: str) -> str:
    return reverse(viewname, args=args, urlconf=urlconf)


def _providers(attr: str):
    for name in PROVIDER_MODULES:
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        func = getattr(module, attr, None)
        if func is not None:
            yield func


def home_panels(request) -> list[Panel]:
    panels: list[Panel] = []
    for func in _providers("panels"):
        panels.extend(func(request))
    return sorted(panels, key=lambda p: p.order)


def nav_items(request) -> list[NavItem]:
    items: list[NavItem] = []
    for func in _providers("nav_items"):
        items.extend(func(request))
    return sorted(items, key=lambda i: i.order)
