"""Reads on requests for care-data roles."""

from django.db.models import QuerySet
from django.http import Http404

from ..models import GrantStatus, RoleGrantRequest
from ..roles import GRANT_APPROVER_ROLES, GRANT_REQUEST_LIST_ROLES


def grant_requests_visible_to(user) -> QuerySet[RoleGrantRequest]:
    """The requests of the user's college, for its approvers and admins (a superuser: all)."""
    if not (user.is_authenticated and user.is_active):
        return RoleGrantRequest.objects.none()
    qs = RoleGrantRequest.objects.select_related("user", "requested_by", "decided_by")
    if user.is_superuser:
        return qs
    if not user.college_id or not user.has_role(*GRANT_REQUEST_LIST_ROLES):
        return qs.none()
    return qs.filter(college_id=user.college_id)


def pending_grant_requests(user) -> QuerySet[RoleGrantRequest]:
    return grant_requests_visible_to(user).filter(status=GrantStatus.PENDING)


def grant_request_for_user(user, pk: int) -> RoleGrantRequest:
    try:
        return grant_requests_visible_to(user).get(pk=pk)
    except RoleGrantRequest.DoesNotExist:
        raise Http404 from None


def may_decide_grant(user, grant_request: RoleGrantRequest) -> bool:
    """The LEC lead or the privacy officer of the grantee's college (or a superuser), and
    neither the one who asked nor the one who would get the role."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.pk in (grant_request.requested_by_id, grant_request.user_id):
        return False
    if user.is_superuser:
        return True
    return user.college_id == grant_request.college_id and user.has_role(*GRANT_APPROVER_ROLES)
