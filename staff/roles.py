"""The roles of the house (DESIGN §1). Each role is a Django group created by a migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNSELLOR = "counsellor", _("Career counsellor")
    CARE_COORDINATOR = "care_coordinator", _("Care coordinator")
    LEC_WORKER = "lec_worker", _("LEC worker")
    LEC_LEAD = "lec_lead", _("LEC lead")
    MANAGER = "manager", _("Programme manager")
    HR = "hr", _("HR")
    DIRECTOR = "director", _("Director")
    ADMIN = "admin", _("Functional administrator")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    # Not staff: people who see their own (or their child's) part of LOB in the portal.
    STUDENT = "student", _("Student")
    GUARDIAN = "guardian", _("Parent or guardian")


# Every set of roles is defined here, once, and named by what it is for.

# The portal's people: a student (account linked one-to-one to a Student) and a parent or
# guardian (linked to students through Guardian rows). They open only portal pages: every other
# page answers 403 to them (lob.middleware.PortalBoundaryMiddleware), whatever its decorator.
PORTAL_ROLES = (Role.STUDENT, Role.GUARDIAN)
# Held within a team, through a TeamMembership; the other staff roles are held for the whole
# college.
MEMBERSHIP_ROLES = (Role.COUNSELLOR, Role.CARE_COORDINATOR, Role.MANAGER)
STAFF_ROLES = tuple(r for r in Role if r not in PORTAL_ROLES)
COLLEGE_HELD_ROLES = tuple(r for r in STAFF_ROLES if r not in MEMBERSHIP_ROLES)
# The LEC's own staff (second line).
LEC_ROLES = (Role.LEC_WORKER, Role.LEC_LEAD)
# The first line: refers students to the LEC and receives its feedback.
FIRST_LINE_ROLES = (Role.COUNSELLOR, Role.CARE_COORDINATOR)
# Who may refer a student to the LEC.
REFERRER_ROLES = FIRST_LINE_ROLES + LEC_ROLES
# Work with their teams' first-line records: log sessions, follow-ups.
FIRST_LINE_RECORD_ROLES = (Role.COUNSELLOR, Role.CARE_COORDINATOR, Role.MANAGER)
# See every student of their college in the register (never the first-line record).
COLLEGE_REGISTER_ROLES = (Role.LEC_WORKER, Role.LEC_LEAD, Role.DIRECTOR, Role.ADMIN)
# Open the student register (list and student page): their teams' students or the college's.
STUDENT_REGISTER_ROLES = FIRST_LINE_RECORD_ROLES + COLLEGE_REGISTER_ROLES
# Dashboards: a team's, the college's (teams side by side), and any of them.
TEAM_DASHBOARD_ROLES = (Role.MANAGER, Role.DIRECTOR)
COLLEGE_DASHBOARD_ROLES = (Role.DIRECTOR, Role.HR, Role.LEC_LEAD)
DASHBOARD_ROLES = (Role.MANAGER, Role.DIRECTOR, Role.HR, Role.LEC_LEAD)
# Privacy: subject-access export, the LEC access-log review, privacy requests.
SUBJECT_EXPORT_ROLES = (Role.ADMIN, Role.LEC_LEAD)
ACCESS_AUDIT_ROLES = (Role.PRIVACY_OFFICER, Role.LEC_LEAD)
PRIVACY_REQUEST_ROLES = (Role.ADMIN, Role.PRIVACY_OFFICER)
# Roles that open care data (LEC case files, every student's record, the audit trail): granted
# only after a second person approved the request (issue 15, F2).
CARE_DATA_ROLES = (Role.LEC_WORKER, Role.LEC_LEAD, Role.ADMIN, Role.PRIVACY_OFFICER)
# Who approves or rejects a request for a care-data role (never the requester or the grantee).
GRANT_APPROVER_ROLES = (Role.LEC_LEAD, Role.PRIVACY_OFFICER)
# Who sees the list of grant requests: the approvers, and the admins who ask for them.
GRANT_REQUEST_LIST_ROLES = (Role.LEC_LEAD, Role.PRIVACY_OFFICER, Role.ADMIN)
