"""Home panels and navigation offered by the staff app (see lob/home.py)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.access import user_has_any_role
from common.home import NavItem, Panel

from . import selectors
from .models import ReviewCycle, Stage, school_year_of
from .roles import Role

PLAN_READERS = (Role.MANAGER, Role.DIRECTOR, Role.HR, Role.COUNSELLOR, Role.CARE_COORDINATOR)


def nav_items(request):
    user = request.user
    items = [NavItem(_("Review cycles"), reverse("staff:cycle_list"), order=50,
                     active_prefix="/staff/cycles/")]
    if user_has_any_role(user, (Role.MANAGER,)):
        items.append(NavItem(_("My team"), reverse("staff:team_overview"), order=51,
                             active_prefix="/staff/team/"))
    if user_has_any_role(user, (Role.HR, Role.DIRECTOR)):
        items.append(NavItem(_("Cycle overview"), reverse("staff:cycle_overview"), order=52,
                             active_prefix="/staff/cycles/overview/"))
    if user_has_any_role(user, (Role.HR,)):
        items.append(NavItem(_("Competency frameworks"), reverse("staff:framework_list"),
                             order=53, active_prefix="/staff/frameworks/"))
    if user_has_any_role(user, PLAN_READERS):
        items.append(NavItem(_("Team plans"), reverse("staff:team_plan_list"), order=54,
                             active_prefix="/staff/team-plans/"))
    if user_has_any_role(user, (Role.ADMIN,)):
        items.append(NavItem(_("Staff import"), reverse("staff:import"), order=91,
                             active_prefix="/staff/import/"))
    return items


def panels(request):
    user = request.user
    year = school_year_of(timezone.localdate())
    result = []
    cycle = (
        ReviewCycle.objects.filter(employee_id=user.pk, school_year=year)
        .select_related("manager").first()
    )
    if cycle:
        result.append(Panel(_("My review cycle"), "staff/panels/my_cycle.html",
                            {"cycle": cycle}, order=40))
    requests = list(selectors.open_feedback_requests_for_rater(user)[:6])
    if requests:
        result.append(Panel(_("360 feedback requests"), "staff/panels/feedback_requests.html",
                            {"requests": requests[:5], "more": len(requests) > 5}, order=41))
    managed = user.team_ids(Role.MANAGER)
    if managed:
        counts = ReviewCycle.objects.filter(team_id__in=managed, school_year=year).aggregate(
            total=Count("pk"),
            **{s: Count("pk", filter=Q(stage=s)) for s in Stage.values},
        )
        result.append(Panel(_("My team's review cycles"), "staff/panels/team_cycles.html", {
            "counts": counts, "stages": [(label, counts[s]) for s, label in Stage.choices],
            "year": f"{year}-{year + 1}",
        }, order=42))
    if user_has_any_role(user, (Role.HR, Role.DIRECTOR)) and user.college_id:
        counts = ReviewCycle.objects.filter(team__college_id=user.college_id,
                                            school_year=year).aggregate(
            total=Count("pk"), closed=Count("pk", filter=Q(stage=Stage.CLOSED)),
        )
        result.append(Panel(_("Review cycles of the college"), "staff/panels/college_cycles.html",
                            {"counts": counts, "year": f"{year}-{year + 1}"}, order=43))
    return result
