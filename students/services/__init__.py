"""Writes on the first-line record: sessions, follow-ups, amendments, counsellor changes.

Each service validates, writes in one transaction and records who changed what and when.
Rule violations raise `ValidationError` with a dict keyed by form field name (follow-up rows
as "follow_ups.<index>.<field>"), so that a view can show each message at its field.

The services are grouped by what they change (sessions, follow_ups, continuity) and
re-exported here, so callers import them from `students.services`.
"""

from .continuity import UNCHECKED, counsellor_assign, group_counsellor_assign
from .follow_ups import (
    FollowUpInput,
    follow_up_add,
    follow_up_close,
    follow_up_handover,
)
from .sessions import (
    MAX_DURATION_MINUTES,
    REVISED_FIELDS,
    SessionContent,
    session_amend,
    session_log,
    session_update,
)

__all__ = [
    "UNCHECKED",
    "MAX_DURATION_MINUTES",
    "REVISED_FIELDS",
    "FollowUpInput",
    "SessionContent",
    "counsellor_assign",
    "follow_up_add",
    "follow_up_close",
    "follow_up_handover",
    "group_counsellor_assign",
    "session_amend",
    "session_log",
    "session_update",
]
