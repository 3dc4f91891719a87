"""The second line: referrals to the LEC and their Diagnose-recept case file.

Who may read what is decided in `lec.selectors`; every change goes through `lec.services`.
"""

from .access_log import AccessAction, AccessLog, AccessLogQuerySet
from .bridge import Consultation, TriageAdvice, TriageRecommendation
from .case_file import (
    ActionStatus,
    CaseNote,
    ClosingChoice,
    Finding,
    InstrumentResult,
    Owner,
    Partner,
    PlanAction,
    Severity,
    closing_decision_field,
)
from .feedback import Feedback, FeedbackKind
from .referral import (
    ADULT_AGE,
    CASE_WORK_STATUSES,
    OPEN_STATUSES,
    QUEUE_STATUSES,
    TRANSITIONS,
    URGENCY_RANK,
    CaseAssignment,
    CaseMember,
    Domain,
    Eligibility,
    Outcome,
    Referral,
    Source,
    Status,
    Transition,
    Urgency,
    eligibility_on,
    transition_allowed,
)

__all__ = [
    "ADULT_AGE", "CASE_WORK_STATUSES", "OPEN_STATUSES", "QUEUE_STATUSES", "TRANSITIONS",
    "URGENCY_RANK", "AccessAction", "AccessLog", "AccessLogQuerySet", "ActionStatus",
    "CaseAssignment", "CaseMember", "CaseNote", "ClosingChoice", "Consultation", "Domain", "Eligibility", "Feedback", "FeedbackKind", "Finding",
    "InstrumentResult", "Outcome", "Owner", "Partner", "PlanAction", "Referral", "Severity",
    "Source", "Status", "Transition", "TriageAdvice", "TriageRecommendation", "Urgency", "closing_decision_field", "eligibility_on",
    "transition_allowed",
]
