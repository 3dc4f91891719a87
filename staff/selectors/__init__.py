"""Reads on review cycles, frameworks and plans. One scoping rule per model, used everywhere.

- `cycle_scope`: employees their own cycles, managers those of their teams; HR the status of all
  cycles of their college (`content=False`), never their content.
- 360 results only through `feedback_summary`: per rater group, groups with fewer than
  FEEDBACK_MIN_RESPONSES responses left out entirely.
"""

from ..models import ReviewCycle  # noqa: F401 - views name the model through this module
from .cycles import (  # noqa: F401
    FEEDBACK_MIN_RESPONSES,
    assessment_rows,
    cycle_competencies,
    cycle_for_user,
    cycle_list,
    cycle_meetings,
    cycle_roles,
    cycle_scope,
    feedback_invitations,
    feedback_request_for_rater,
    feedback_requests_for_rater,
    invitable_colleagues,
    open_feedback_requests_for_rater,
)
from .feedback import (  # noqa: F401
    FeedbackCell,
    FeedbackRow,
    FeedbackSummary,
    feedback_summary,
    groups_shown,
)
from .frameworks import (  # noqa: F401
    framework_for_user,
    framework_list,
    framework_tree,
    frameworks_visible_to,
)
from .grants import (  # noqa: F401, E402
    grant_request_for_user,
    grant_requests_visible_to,
    may_decide_grant,
    pending_grant_requests,
)
from .plans import (  # noqa: F401
    plan_team_for_user,
    plan_teams_visible_to,
    standard_assessments,
    standards_of_college,
    standards_overview,
    team_plan,
    team_plan_list,
)
from .teams import (  # noqa: F401
    completion_by_team,
    cycles_completed_share,
    managed_teams,
    team_members_overview,
    training_hours,
    training_record,
)
