"""The home page and the navigation are assembled from what each app offers the user, through
`common.registry.home_panels` and `common.registry.nav_items`."""

from dataclasses import dataclass, field

from . import registry


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


def home_panels(request) -> list[Panel]:
    return sorted(registry.collect(registry.home_panels, request=request), key=lambda p: p.order)


def nav_items(request) -> list[NavItem]:
    return sorted(registry.collect(registry.nav_items, request=request), key=lambda i: i.order)


def follow_up_panels(request) -> list[Panel]:
    return sorted(registry.collect(registry.follow_up_panels, request=request),
                  key=lambda p: p.order)
