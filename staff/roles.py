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


# Roles held within a team (through a TeamMembership); the others hold for the whole college.
TEAM_ROLES = (Role.COUNSELLOR, Role.CARE_COORDINATOR, Role.MANAGER)
COLLEGE_ROLES = tuple(r for r in Role if r not in TEAM_ROLES)
LEC_ROLES = (Role.LEC_WORKER, Role.LEC_LEAD)
# Roles that work with individual students' first-line records.
STUDENT_RECORD_ROLES = (
    Role.COUNSELLOR,
    Role.CARE_COORDINATOR,
    Role.MANAGER,
    Role.LEC_WORKER,
    Role.LEC_LEAD,
    Role.DIRECTOR,
    Role.ADMIN,
)
