"""The students app's models: the register (`register`) and the first-line record
(`first_line`). Re-exported here, so callers import them from `students.models`."""

from .first_line import (
    INTAKE_ITEMS,
    Competency,
    FollowUp,
    FollowUpChange,
    FollowUpStatus,
    GuidanceSession,
    SessionAmendment,
    SessionAttendance,
    SessionFormat,
    SessionKind,
    SessionLocation,
    SessionRevision,
)
from .register import (
    CounsellorAssignment,
    Group,
    GroupKind,
    ImportJob,
    Pathway,
    Programme,
    Student,
    StudentQuerySet,
    StudentStatus,
)

__all__ = [
    "INTAKE_ITEMS",
    "Competency",
    "CounsellorAssignment",
    "FollowUp",
    "FollowUpChange",
    "FollowUpStatus",
    "Group",
    "GroupKind",
    "GuidanceSession",
    "ImportJob",
    "Pathway",
    "Programme",
    "SessionAmendment",
    "SessionAttendance",
    "SessionFormat",
    "SessionKind",
    "SessionLocation",
    "SessionRevision",
    "Student",
    "StudentQuerySet",
    "StudentStatus",
]
