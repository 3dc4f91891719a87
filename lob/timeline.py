"""A student's timeline is assembled from several apps without them importing each other.

`students` renders the timeline; other apps (e.g. `lec`) contribute entries through the
functions listed in settings.LOB_TIMELINE_PROVIDERS, each `provider(student, user) ->
list[TimelineEntry]`, which must themselves only return what `user` may see.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime
    kind: str  # e.g. "session", "follow_up", "referral"
    title: str
    template: str  # a Jinja2 template (<app>/jinja2/), given {"entry": entry, **entry.context}
    context: dict = field(default_factory=dict)


def external_entries(student, user) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for dotted in getattr(settings, "LOB_TIMELINE_PROVIDERS", []):
        entries.extend(import_string(dotted)(student, user))
    return entries


@dataclass(frozen=True)
class StudentAction:
    """A button on the student page offered by another app (e.g. "Refer to the LEC")."""

    label: str
    url: str
    style: str = "outline-primary"


def external_actions(student, user) -> list[StudentAction]:
    """Buttons from settings.LOB_STUDENT_ACTION_PROVIDERS: `provider(student, user) -> list`."""
    actions: list[StudentAction] = []
    for dotted in getattr(settings, "LOB_STUDENT_ACTION_PROVIDERS", []):
        actions.extend(import_string(dotted)(student, user))
    return actions
