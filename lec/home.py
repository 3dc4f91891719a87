"""The LEC's contribution to the home page and the navigation (common.home, through common.registry)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.home import NavItem, Panel
from staff.roles import FIRST_LINE_ROLES

from . import selectors


def nav_items(request):
    if selectors.is_lec_staff(request.user):
        return [NavItem(_("LEC"), reverse("lec:queue"), order=30, active_prefix="/lec/")]
    if selectors.coordinator_team_ids(request.user):
        return [NavItem(_("Care coordination"), reverse("lec:coordinator"), order=30,
                        active_prefix="/lec/coordinator/")]
    return []


def panels(request):
    user = request.user
    result = []
    if selectors.is_lec_staff(user):
        result.append(Panel(
            _("LEC: what is waiting"),
            "lec/home/lec_panel.html",
            {
                "counts": selectors.lec_counts(user),
                "is_lead": selectors.is_lec_lead(user),
                "triage_days": settings.LOB_REFERRAL_TRIAGE_WORKING_DAYS,
                "feedback_days": settings.LOB_REFERRAL_FEEDBACK_DAYS,
            },
            order=10,
        ))
    if user.has_role(*FIRST_LINE_ROLES):
        # At most HOME_REFERRALS here; the page behind the link has all of them.
        referrals = selectors.first_line_referrals(user, limit=HOME_REFERRALS)
        latest = selectors.latest_feedback(referrals)
        result.append(Panel(
            _("My referrals to the LEC"),
            "lec/home/first_line_panel.html",
            {"referrals": [(referral, latest.get(referral.pk)) for referral in referrals]},
            order=20,
        ))
    if selectors.coordinator_team_ids(user):
        result.append(Panel(
            _("Care coordination"),
            "lec/home/coordinator_panel.html",
            selectors.coordinator_counts(user),
            order=15,
        ))
    return result


HOME_REFERRALS = 10


FOLLOW_UP_ACTIONS_SHOWN = 50


def follow_up_panels(request):
    """On "My follow-ups": the open actions the LEC's plan gave to `user` as the first line."""
    qs = selectors.first_line_actions(request.user)
    actions = list(qs[:FOLLOW_UP_ACTIONS_SHOWN + 1])
    if not actions:
        return []
    return [Panel(_("Actions from the LEC"), "lec/first_line_actions.html",
                  {"actions": actions[:FOLLOW_UP_ACTIONS_SHOWN], "show_student": True,
                   "more": len(actions) > FOLLOW_UP_ACTIONS_SHOWN}, order=10)]
