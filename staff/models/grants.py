"""Requests for a role that opens care data: granted only once a second person approved."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..roles import CARE_DATA_ROLES
from .organisation import College


class GrantStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RoleGrantRequest(models.Model):
    """Somebody asked that `user` gets `role`; the LEC lead or the privacy officer of the
    college (never the requester, never the grantee) approves or rejects it."""

    Status = GrantStatus

    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grant_requests",
        verbose_name=_("for"),
    )
    role = models.CharField(
        _("role"), max_length=30, choices=[(r.value, r.label) for r in CARE_DATA_ROLES]
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"))
    # Where the request came from when not from the roles page: the staff import's file.
    requested_via = models.CharField(_("requested through"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("role grant request")
        verbose_name_plural = _("role grant requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in CARE_DATA_ROLES]),
                name="rolegrant_role_care_data",
            ),
            models.CheckConstraint(
                condition=Q(status__in=GrantStatus.values), name="rolegrant_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=GrantStatus.PENDING) | Q(decided_at__isnull=False),
                name="rolegrant_decided_has_date",
            ),
            # The four-eyes rule, kept by the database too.
            models.CheckConstraint(
                condition=~Q(decided_by=F("requested_by")), name="rolegrant_not_own_request"
            ),
            models.CheckConstraint(
                condition=~Q(decided_by=F("user")), name="rolegrant_not_own_grant"
            ),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(status=GrantStatus.PENDING),
                name="rolegrant_one_pending",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} → {self.user} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == GrantStatus.PENDING
