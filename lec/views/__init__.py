"""LEC pages: referring, the lists, and one case with its changes."""

from .bridge import consult, consultation, coordinator, coordinator_referral
from .case import (
    accept,
    action_add,
    action_update,
    advance,
    assign,
    close,
    detail,
    feedback_add,
    finding_add,
    instrument_add,
    member_add,
    note_add,
    return_to_first_line,
)
from .first_line import first_line_action_done, first_line_referrals
from .lists import PAGE_SIZE, access_log, cases, claim, overview, queue
from .referring import refer

__all__ = [
    "consult", "consultation", "coordinator", "coordinator_referral", "first_line_action_done",
    "first_line_referrals",
    "PAGE_SIZE", "accept", "access_log", "action_add", "action_update", "advance", "assign",
    "cases", "claim", "close", "detail", "feedback_add", "finding_add", "instrument_add",
    "member_add", "note_add", "overview", "queue", "refer", "return_to_first_line",
]
