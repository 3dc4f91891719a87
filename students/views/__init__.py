"""Pages of the students app, one module per area."""

from .caseload import caseload
from .continuity import counsellor_change, group_counsellor_change, group_detail, group_list
from .follow_ups import follow_up_close, follow_up_handover, follow_up_list
from .register import student_detail, student_list
from .sessions import (
    group_session_new,
    session_amend,
    session_detail,
    session_edit,
    session_follow_up_add,
    session_new,
)

__all__ = [
    "caseload",
    "counsellor_change",
    "follow_up_close",
    "follow_up_handover",
    "follow_up_list",
    "group_counsellor_change",
    "group_detail",
    "group_list",
    "group_session_new",
    "session_amend",
    "session_detail",
    "session_edit",
    "session_follow_up_add",
    "session_new",
    "student_detail",
    "student_list",
]
