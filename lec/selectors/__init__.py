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
from .bridge import (
    consultation_for_user,
    consultations_for,
    coordinates_team_of,
    coordinator_counts,
    coordinator_referral_for,
    coordinator_referrals,
    coordinator_team_ids,
    coordinator_triage,
    coordinators_of,
    may_answer,
    triage_advice_of,
)
from .case import CaseFile, case_file_for, case_history, referral_history
from .first_line import (
    feedback_recipients,
    first_line_action_for,
    first_line_actions,
    first_line_referral_list,
    first_line_referrals,
    latest_feedback,
    may_read_feedback,
    open_referral_for,
    open_referral_pk,
    referral_status_for,
    student_first_line_actions,
)
from .lists import (
    access_log_groups,
    access_log_list,
    case_list,
    feedback_overdue_q,
    group_reads,
    lec_counts,
    open_plan_actions,
    queue_row,
    triage_overdue_cutoff,
    triage_queue,
)
from .overview import overview

__all__ = [
    "access_log_groups", "case_history", "group_reads", "consultation_for_user", "consultations_for", "coordinates_team_of", "coordinator_counts",
    "coordinator_referral_for", "coordinator_referrals", "coordinator_team_ids",
    "coordinator_triage", "coordinators_of", "feedback_recipients", "first_line_action_for",
    "first_line_actions", "first_line_referral_list", "may_answer", "open_plan_actions",
    "student_first_line_actions", "triage_advice_of",
    "CaseFile", "access_log_list", "case_file_for", "case_list", "feedback_overdue_q",
    "first_line_referrals", "is_lec_lead", "is_lec_staff", "latest_feedback", "lec_counts",
    "lec_workers_of", "may_manage_team", "may_read_case_file", "may_read_feedback", "may_work_on",
    "on_case", "open_referral_for", "open_referral_pk", "overview", "queue_row",
    "referral_for_user", "referral_history", "referral_status_for", "referrals_visible_to",
    "triage_overdue_cutoff", "triage_queue",
]
