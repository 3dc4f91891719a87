"""Writes on the second line. Every change checks who may make it, happens in one transaction
and records who and when. State changes lock the referral (`select_for_update`) and compare
the version the user's form was built on, so nobody silently overwrites somebody else; the
claim from the triage queue is a conditional UPDATE, so of two people claiming one wins."""

from .access_log import access_log_record
from .bridge import consultation_answer, consultation_ask, triage_advice_add
from .case_file import (
    case_note_add,
    feedback_add,
    finding_add,
    instrument_add,
    plan_action_add,
    plan_action_first_line_done,
    plan_action_update,
)
from .referral import may_refer, referral_create
from .self_referral import referral_self_submit
from .triage import (
    case_member_add,
    referral_accept,
    referral_advance,
    referral_assign,
    referral_claim,
    referral_close,
    referral_return,
)

__all__ = [
    "consultation_answer", "consultation_ask", "triage_advice_add",
    "access_log_record", "case_member_add", "case_note_add", "feedback_add", "finding_add",
    "instrument_add", "may_refer", "plan_action_add", "plan_action_first_line_done", "plan_action_update", "referral_accept",
    "referral_advance", "referral_assign", "referral_claim", "referral_close",
    "referral_create", "referral_return", "referral_self_submit",
]
