"""The LEC's contribution to the home page and the navigation (common.home, through common.registry)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.home import NavItem, Panel

from . import selectors


def nav_items(request):
    if selectors.is_lec_staff(request.user):
        return [NavItem(_("LEC"), reverse("lec:queue"), order=30, active_prefix="/lec/")]
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
    referrals = selectors.first_line_referrals(user)
    if referrals:
        latest = selectors.latest_feedback(referrals)
        result.append(Panel(
            _("My referrals to the LEC"),
            "lec/home/first_line_panel.html",
            {"referrals": [(referral, latest.get(referral.pk)) for referral in referrals]},
            order=20,
        ))
    return result
