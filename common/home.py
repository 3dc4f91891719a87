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
    # Usable by a person without a college (the ROC board): every other page is about one
    # college, and such a person would find it empty.
    roc_wide: bool = False


def home_panels(request) -> list[Panel]:
    return sorted(registry.collect(registry.home_panels, request=request), key=lambda p: p.order)


def nav_items(request) -> list[NavItem]:
    """The menu: only what the user can use. A person's college bounds everything, so someone
    without one (the ROC board) sees only the ROC-wide items."""
    items = registry.collect(registry.nav_items, request=request)
    user = request.user
    if getattr(user, "college_id", None) is None and not user.is_superuser:
        items = [item for item in items if item.roc_wide]
    return sorted(items, key=lambda i: i.order)


def follow_up_panels(request) -> list[Panel]:
    return sorted(registry.collect(registry.follow_up_panels, request=request),
                  key=lambda p: p.order)
