"""Home-page panels of the project itself: who am I here, and (admin) the latest import."""

from django.utils.translation import gettext_lazy as _

from common.home import Panel
from staff.models import TeamMembership
from staff.roles import Role
from students.models import ImportJob


def panels(request):
    user = request.user
    memberships = TeamMembership.objects.filter(user=user).select_related("team").order_by("team__name")
    role_labels = [_role_label(user, r) for r in sorted(user.roles) if r in Role.values]
    result = [
        Panel(
            _("My roles"),
            "lob/panel_roles.html",
            {"roles": role_labels, "memberships": memberships, "college": user.college},
            order=900,
        )
    ]
    if user.has_role(Role.ADMIN):
        jobs = ImportJob.objects.filter(college_id=user.college_id).defer("content")[:3]
        result.append(Panel(_("Student imports"), "lob/panel_imports.html", {"jobs": jobs}, order=50))
    return result


def _role_label(user, role: str) -> str:
    """A director without a college sits on the ROC board: all colleges, not one's directie."""
    if role == Role.DIRECTOR and user.college_id is None:
        return _("ROC board (all colleges)")
    return Role(role).label
