"""A student's timeline is assembled from several apps without them importing each other.

`students` renders the timeline; other apps (e.g. `lec`) contribute entries and buttons through
`common.registry.timeline_entries` and `common.registry.student_actions`; each receiver returns
only what the user may see.
"""

import datetime
from dataclasses import dataclass, field

from . import registry


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime
    kind: str  # e.g. "session", "follow_up", "referral"
    title: str
    template: str  # a Django template, given {"entry": entry, **entry.context}
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class StudentAction:
    """A button on the student page offered by another app (e.g. "Refer to the LEC")."""

    label: str
    url: str
    style: str = "outline-primary"


def external_entries(student, user, *, first_line: bool | None = None) -> list[TimelineEntry]:
    """Other apps' entries on `student`'s timeline. `first_line` as common.registry says:
    None, or the page's own answer (it has established that `user` sees `student`)."""
    return registry.collect(registry.timeline_entries, student=student, user=user,
                            first_line=first_line)


def external_actions(student, user, *, first_line: bool | None = None) -> list[StudentAction]:
    return registry.collect(registry.student_actions, student=student, user=user,
                            first_line=first_line)


def external_panels(student, user, *, first_line: bool | None = None) -> list:
    """Sections other apps add to the student page (common.home.Panel), in their order."""
    return sorted(registry.collect(registry.student_panels, student=student, user=user,
                                   first_line=first_line),
                  key=lambda p: p.order)
