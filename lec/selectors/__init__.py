"""Reads on the second line. Three doors, one per kind of reader:

- `referrals_visible_to(user)` / `referral_for_user(...)` (access): the LEC's own pages.
- `case_file_for(...)` (case): the Diagnose-recept content of one case, only for the LEC lead
  and the workers on the case; the views record each read through
  `lec.services.access_log_record` in the same transaction.
- `referral_status_for(student, user)` (first_line): what the first line may know — status,
  dates and the feedback written for them. Nothing from the case file.

Selectors only read.
"""

from .access import (
    is_lec_lead,
    is_lec_staff,
    lec_workers_of,
    may_manage_team,
    may_read_case_file,
    may_work_on,
    on_case,
    referral_for_user,
    referrals_visible_to,
)
from .case import CaseFile, case_file_for, referral_history
from .first_line import (
    first_line_referrals,
    latest_feedback,
    may_read_feedback,
    open_referral_for,
    open_referral_pk,
    referral_status_for,
)
from .lists import (
    access_log_list,
    case_list,
    feedback_overdue_q,
    lec_counts,
    queue_row,
    triage_overdue_cutoff,
    triage_queue,
)
from .overview import overview

__all__ = [
    "CaseFile", "access_log_list", "case_file_for", "case_list", "feedback_overdue_q",
    "first_line_referrals", "is_lec_lead", "is_lec_staff", "latest_feedback", "lec_counts",
    "lec_workers_of", "may_manage_team", "may_read_case_file", "may_read_feedback", "may_work_on",
    "on_case", "open_referral_for", "open_referral_pk", "overview", "queue_row",
    "referral_for_user", "referral_history", "referral_status_for", "referrals_visible_to",
    "triage_overdue_cutoff", "triage_queue",
]
