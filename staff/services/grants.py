"""Care-data roles (LEC roles, admin, privacy officer) are granted with a second person's
approval: somebody requests the grant, the LEC lead or the privacy officer of the same college
approves or rejects it. Every step is announced through `role_grant_changed`, inside the
transaction, so that the privacy audit trail records it with the change."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import GrantStatus, RoleGrantRequest, User
from ..roles import CARE_DATA_ROLES, Role
from ..selectors.grants import may_decide_grant
from ..signals import role_grant_changed


def group_add(*, user: User, role: str) -> None:
    """Put `user` in the role's group; admins also get access to the admin pages. Only for
    roles that need no approval, or once the approval is there."""
    user.groups.add(Group.objects.get(name=role))
    if role == Role.ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.forget_roles()


def _announce(action: str, *, user: User, role: str, by: User | None,
              grant_request: RoleGrantRequest | None = None) -> None:
    role_grant_changed.send(sender=RoleGrantRequest, action=action, user=user, role=role, by=by,
                            grant_request=grant_request)


@transaction.atomic
def role_grant_request(*, user: User, role: str, by: User,
                       requested_via: str = "") -> RoleGrantRequest:
    """Ask that `user` gets a care-data role. Nothing is granted until it is approved.
    `requested_via`: where the request came from when not the roles page (the staff import)."""
    if role not in CARE_DATA_ROLES:
        raise ValidationError({"role": _("This role needs no approval.")})
    if user.college_id is None:
        raise ValidationError({"user": _("A care-data role is held within a college.")})
    if not by.is_superuser and by.college_id != user.college_id:
        raise PermissionDenied
    User.objects.select_for_update().get(pk=user.pk)  # one request at a time per person
    if user.groups.filter(name=role).exists():
        raise ValidationError({"role": _("This person already has this role.")})
    if RoleGrantRequest.objects.filter(user=user, role=role, status=GrantStatus.PENDING).exists():
        raise ValidationError({"role": _("This role has already been requested for this person.")})
    grant_request = RoleGrantRequest.objects.create(
        college_id=user.college_id, user=user, role=role, requested_by=by,
        requested_at=timezone.now(), requested_via=requested_via[:255],
    )
    _announce("requested", user=user, role=role, by=by, grant_request=grant_request)
    return grant_request


@transaction.atomic
def role_grant_decide(*, grant_request_id: int, by: User, approve: bool,
                      note: str = "") -> RoleGrantRequest:
    """Approve (the role is granted now) or reject a pending request."""
    grant_request = (
        RoleGrantRequest.objects.select_for_update().select_related("user").get(pk=grant_request_id)
    )
    if not may_decide_grant(by, grant_request):
        raise PermissionDenied
    if not grant_request.is_pending:
        raise ValidationError(_("This request has already been decided."))
    grant_request.status = GrantStatus.APPROVED if approve else GrantStatus.REJECTED
    grant_request.decided_by = by
    grant_request.decided_at = timezone.now()
    grant_request.note = note.strip()
    grant_request.save(update_fields=["status", "decided_by", "decided_at", "note"])
    if approve:
        group_add(user=grant_request.user, role=grant_request.role)
    _announce("granted" if approve else "rejected", user=grant_request.user,
              role=grant_request.role, by=by, grant_request=grant_request)
    return grant_request


@transaction.atomic
def role_revoke(*, user: User, role: str, by: User | None) -> None:
    """Take a college-wide role away (no approval needed); care-data roles are announced."""
    user.groups.remove(*Group.objects.filter(name=role))
    user.forget_roles()
    if role in CARE_DATA_ROLES:
        _announce("revoked", user=user, role=role, by=by)


@transaction.atomic
def role_grant_requests_withdraw(*, user: User, reason: str) -> int:
    """End the pending requests for `user` (their account was switched off): rejected, decided
    by nobody, with `reason` as the note; each is announced like a rejection."""
    pending = list(RoleGrantRequest.objects.select_for_update().filter(
        user=user, status=GrantStatus.PENDING))
    now = timezone.now()
    for grant_request in pending:
        grant_request.status = GrantStatus.REJECTED
        grant_request.decided_at = now
        grant_request.note = reason
        grant_request.save(update_fields=["status", "decided_at", "note"])
        _announce("rejected", user=user, role=grant_request.role, by=None,
                  grant_request=grant_request)
    return len(pending)
