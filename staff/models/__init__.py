"""Staff models. The organisation (College, Team, User, TeamMembership) is what every other app builds on."""

from ..roles import Role
from .cycles import (
    MEETING_ORDER,
    AppraisalRating,
    CycleMeeting,
    DevelopmentGoal,
    FeedbackAnswer,
    FeedbackRequest,
    FeedbackResponse,
    GoalStatus,
    ManagerAssessment,
    RaterGroup,
    ReviewCycle,
    SelfAssessment,
    Stage,
    Training,
    TrainingArea,
    TrainingStatus,
    next_stage,
)
from .frameworks import (
    SCORE_MAX,
    SCORE_MIN,
    BehaviouralCriterion,
    Competency,
    CompetencyCategory,
    CompetencyFramework,
    RoleProfile,
    Score,
)
from .grants import GrantStatus, RoleGrantRequest
from .imports import StaffImportJob
from .organisation import College, Team, TeamMembership, User, UserManager
from .plans import (
    ActionStatus,
    Criterion,
    Standard,
    StandardAssessment,
    StandardScore,
    TeamPlan,
    TeamPlanAction,
    TeamProgressReview,
    school_year_bounds,
    school_year_label,
    school_year_of,
)

__all__ = [
    "MEETING_ORDER", "SCORE_MAX", "SCORE_MIN", "ActionStatus", "AppraisalRating",
    "BehaviouralCriterion", "College", "Competency", "CompetencyCategory", "CompetencyFramework",
    "Criterion", "CycleMeeting", "DevelopmentGoal", "FeedbackAnswer", "FeedbackRequest",
    "FeedbackResponse", "GoalStatus", "GrantStatus", "ManagerAssessment", "RaterGroup", "ReviewCycle", "Role",
    "RoleGrantRequest", "RoleProfile", "Score", "SelfAssessment", "StaffImportJob", "Stage", "Standard", "StandardAssessment",
    "StandardScore", "Team", "TeamMembership", "TeamPlan", "TeamPlanAction", "TeamProgressReview",
    "Training", "TrainingArea", "TrainingStatus", "User", "UserManager", "next_stage",
    "school_year_bounds", "school_year_label", "school_year_of",
]
