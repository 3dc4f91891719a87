"""Care-data roles in the privacy audit trail: every request, approval, rejection and revoke
(announced by staff.services.grants) becomes a privacy event, and the person concerned is told
by e-mail once the change has committed."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from staff.models import RoleGrantRequest, User
from staff.roles import Role

from .models import EventAction, PrivacyEvent

logger = logging.getLogger(__name__)

EVENT_ACTIONS = {
    "requested": EventAction.ROLE_REQUESTED,
    "granted": EventAction.ROLE_GRANTED,
    "rejected": EventAction.ROLE_REJECTED,
    "revoked": EventAction.ROLE_REVOKED,
}


def record_role_change(sender, *, action: str, user: User, role: str, by: User | None,
                       grant_request: RoleGrantRequest | None = None, **kwargs) -> None:
    """Receiver of `staff.signals.role_grant_changed`: runs in the change's own transaction."""
    detail = {"role": role}
    if grant_request is not None:
        detail["request"] = grant_request.pk
    PrivacyEvent.objects.create(
        college_id=user.college_id, user=by, grantee=user, action=EVENT_ACTIONS[action],
        at=timezone.now(), detail=detail,
    )
    transaction.on_commit(lambda: tell_grantee(user, action, role))


def _message(action: str, role_label: str) -> tuple[str, str]:
    texts = {
        "requested": (_("A role has been requested for you"),
                      _("The role “%(role)s” has been requested for you. The LEC lead or the "
                        "privacy officer decides on it; you will hear the outcome.")),
        "granted": (_("You have been given a role"),
                    _("You now have the role “%(role)s”. The next time you log in it is "
                      "active.")),
        "rejected": (_("A role request for you was rejected"),
                     _("The request to give you the role “%(role)s” has been rejected.")),
        "revoked": (_("A role has been taken away"),
                    _("You no longer have the role “%(role)s”.")),
    }
    subject, body = texts[action]
    return subject, body % {"role": role_label}


def tell_grantee(user: User, action: str, role: str) -> None:
    """One e-mail in the grantee's language. A failure to send is logged, never raised: the
    change itself has committed and is in the audit trail."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject, body = _message(action, str(Role(role).label))
    try:
        send_mail(subject, body, None, [user.email])
    except Exception:
        logger.exception("Could not e-mail user %s about a role change", user.pk)
