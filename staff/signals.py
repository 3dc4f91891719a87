"""Signals the staff app sends for apps above it (which it may not import)."""

from django.dispatch import Signal

# Every step of a care-data role: sent inside the transaction that makes the change, so that a
# receiver's write (the privacy audit trail) commits or rolls back with it.
# receiver(sender, action: "requested" | "granted" | "rejected" | "revoked", user, role, by,
#          grant_request: RoleGrantRequest | None)
role_grant_changed = Signal()
