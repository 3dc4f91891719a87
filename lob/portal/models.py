"""One-time sign-in links for the portal's people (students and guardians)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SignInLink(models.Model):
    """A link sent by e-mail that signs a portal account in once, within a short time. Only
    a hash of its secret is kept: a copy of the database signs nobody in."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="portal_sign_in_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # The address the link was sent to: once the account has moved to another one (the
    # register changed it), a link still in the old mailbox signs nobody in.
    sent_to = models.EmailField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"], name="signinlink_user_created_idx")]

    def __str__(self):
        return f"sign-in link of {self.user_id} ({self.created_at:%Y-%m-%d %H:%M})"
