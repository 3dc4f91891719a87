"""Requests for care-data roles: the LEC lead and the privacy officer approve or reject them
(never their own request, never one for themselves); admins follow their requests here."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.access import role_required
from staff.models import GrantStatus
from staff.roles import GRANT_APPROVER_ROLES, GRANT_REQUEST_LIST_ROLES
from staff.selectors import grant_request_for_user, grant_requests_visible_to, may_decide_grant
from staff.services import role_grant_decide

from ..forms import GrantDecisionForm

RECENT = 20


@role_required(*GRANT_REQUEST_LIST_ROLES)
def grant_requests(request):
    visible = grant_requests_visible_to(request.user)
    pending = list(visible.filter(status=GrantStatus.PENDING).order_by("requested_at", "pk"))
    return render(request, "privacy/role_grants.html", {
        "pending": pending,
        "decidable": {g.pk for g in pending if may_decide_grant(request.user, g)},
        "decided": visible.exclude(status=GrantStatus.PENDING).order_by("-decided_at")[:RECENT],
    })


def _decide(request, pk: int, *, approve: bool):
    grant_request = grant_request_for_user(request.user, pk)
    if not may_decide_grant(request.user, grant_request):
        raise PermissionDenied
    form = GrantDecisionForm(request.POST)
    if not form.is_valid():  # a NUL byte, an over-long note: said, nothing decided
        messages.error(request, " ".join(m for msgs in form.errors.values() for m in msgs))
        return redirect("privacy:role_grants")
    try:
        role_grant_decide(grant_request_id=grant_request.pk, by=request.user, approve=approve,
                          note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = (_("The role “%(role)s” has been granted to %(user)s.") if approve
                else _("The request for the role “%(role)s” for %(user)s has been rejected."))
        messages.success(request, text % {"role": grant_request.get_role_display(),
                                          "user": grant_request.user})
    return redirect("privacy:role_grants")


@require_POST
@role_required(*GRANT_APPROVER_ROLES)
def grant_request_approve(request, pk: int):
    return _decide(request, pk, approve=True)


@require_POST
@role_required(*GRANT_APPROVER_ROLES)
def grant_request_reject(request, pk: int):
    return _decide(request, pk, approve=False)
