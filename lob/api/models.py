"""Tokens of the read-only BI API: one per consumer (a BI tool), stored hashed."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from staff.models import College

TOKEN_PREFIX = "lob_"  # noqa: S105 (a marker, not a secret)


def token_digest(token: str) -> str:
    # The token is 256 random bits: a plain SHA-256 cannot be reversed or guessed, and a
    # lookup stays one indexed comparison (a slow password hash would cost every request).
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A consumer of the BI API. `college` bounds what it reads (empty: every college of the
    ROC, which only a superuser may create). The token itself is shown once, when made."""

    name = models.CharField(_("consumer"), max_length=100,
                            help_text=_("Who uses the token, e.g. “Power BI, team Kwaliteit”."))
    college = models.ForeignKey(College, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="api_tokens", verbose_name=_("college"))
    prefix = models.CharField(_("prefix"), max_length=12, unique=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def issue(self) -> str:
        """A new secret for this token (not saved): returns the token to hand over once."""
        self.prefix = secrets.token_hex(4)
        token = f"{TOKEN_PREFIX}{self.prefix}_{secrets.token_urlsafe(32)}"
        self.digest = token_digest(token)
        return token

    @classmethod
    def find(cls, token: str) -> "ApiToken | None":
        """The usable token `token` is, or None."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        prefix = token[len(TOKEN_PREFIX):].split("_", 1)[0]
        found = cls.objects.usable().filter(prefix=prefix).select_related("college").first()
        if found is None or not hmac.compare_digest(found.digest, token_digest(token)):
            return None
        return found

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
