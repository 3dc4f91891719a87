"""Writes on the organisation: people, roles and team memberships."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import College, Team, TeamMembership, User
from ..roles import CARE_DATA_ROLES, COLLEGE_HELD_ROLES, MEMBERSHIP_ROLES, PORTAL_ROLES
from .grants import group_add, role_grant_decide, role_grant_request, role_revoke


def role_grant(*, user: User, role: str) -> None:
    """Give `user` a role that needs no approval. A care-data role is requested instead
    (`role_grant_request`) and granted when a second person approves it."""
    if role in CARE_DATA_ROLES:
        raise ValidationError(
            {"role": _("This role opens care data: request it; a second person approves it.")}
        )
    if role in PORTAL_ROLES:
        # A portal role comes with a student's or a guardian's account, never on its own.
        raise ValueError(f"{role!r} is given with a portal account, not granted")
    group_add(user=user, role=role)


@transaction.atomic
def membership_add(*, user: User, team: Team, role: str) -> TeamMembership:
    """Make `user` a member of `team` with a team role; the role's group follows."""
    if role not in MEMBERSHIP_ROLES:
        raise ValueError(f"{role!r} is not a team role")
    if user.college_id is None or user.college_id != team.college_id:
        # A person's college bounds everything: a team of another college opens nothing.
        raise ValidationError({"team": _("A team member must belong to the team's college.")})
    membership, _created = TeamMembership.objects.get_or_create(user=user, team=team, role=role)
    role_grant(user=user, role=role)
    user.forget_roles()
    return membership


@transaction.atomic
def user_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    college: College | None,
    password: str | None = None,
    roles: tuple[str, ...] = (),
) -> User:
    """Create a staff account with college-wide roles (care-data roles are requested)."""
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name, college=college
    )
    for role in roles:
        if role not in COLLEGE_HELD_ROLES:
            raise ValueError(f"{role!r} is held through a team membership")
        role_grant(user=user, role=role)
    return user


# The services of the review cycles, frameworks and plans live in submodules; import them from
# here or from their module.
from .cycles import (  # noqa: E402
    cycle_open,
    employee_response_save,
    goal_add,
    goal_status_set,
    manager_assessment_save,
    meeting_plan,
    meeting_record,
    self_assessment_save,
    training_add,
    training_status_set,
)
from .feedback import feedback_answer, feedback_invite  # noqa: E402
from .frameworks import (  # noqa: E402
    framework_category_add,
    framework_competency_add,
    framework_competency_remove,
    framework_competency_update,
    framework_create,
    framework_current,
)
from .plans import (  # noqa: E402
    progress_review_record,
    standard_action_carry,
    standards_assess,
    team_action_add,
    team_action_status_set,
    team_plan_save,
)

__all__ = [
    "cycle_open", "employee_response_save", "feedback_answer", "feedback_invite",
    "framework_category_add", "framework_competency_add", "framework_competency_remove",
    "framework_competency_update", "framework_create", "framework_current", "goal_add",
    "goal_status_set", "group_add", "manager_assessment_save", "meeting_plan", "meeting_record",
    "membership_add", "progress_review_record", "role_grant", "role_grant_decide",
    "role_grant_request", "role_revoke", "self_assessment_save",
    "standard_action_carry", "standards_assess", "team_action_add", "team_action_status_set",
    "team_plan_save", "training_add", "training_status_set", "user_create",
]
