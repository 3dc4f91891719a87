"""Signing in to the portal by a one-time link sent to the account's e-mail address."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from staff.models import User

from .models import SignInLink


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _client_over_limit(client: str | None) -> bool:
    """At most LOB_PORTAL_LINK_REQUESTS_PER_HOUR requests from one client address an hour,
    whatever address they ask for (so nobody floods mailboxes or probes addresses)."""
    if not client:
        return False
    key = f"portal-link-requests:{client}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > settings.LOB_PORTAL_LINK_REQUESTS_PER_HOUR


def sign_in_link_request(*, email: str, client: str | None = None,
                         now: datetime.datetime | None = None) -> bool:
    """Send a one-time sign-in link to `email` if it is an open portal account (a student's
    or a guardian's — never a member of staff: their login asks more). The caller answers the
    same whatever happened, so the form tells nobody which addresses exist. Returns whether a
    link was sent (for tests and logs)."""
    now = now or timezone.now()
    if _client_over_limit(client):
        return False
    email = (email or "").strip().lower()
    user = User.objects.filter(email__iexact=email, is_active=True).first() if email else None
    if user is None or not user.is_portal_user:
        return False
    with transaction.atomic():
        # One account at a time: two requests at once must not both pass the count.
        User.objects.select_for_update().filter(pk=user.pk).first()
        recent = SignInLink.objects.filter(user=user,
                                           created_at__gt=now - datetime.timedelta(hours=1))
        if recent.count() >= settings.LOB_PORTAL_LINKS_PER_HOUR:
            return False
        token = secrets.token_urlsafe(32)
        SignInLink.objects.create(
            user=user, token_hash=_hash(token), created_at=now, sent_to=user.email,
            expires_at=now + datetime.timedelta(minutes=settings.LOB_PORTAL_LINK_MINUTES),
        )
        transaction.on_commit(lambda: _send(user, token))
    return True


def _send(user: User, token: str) -> None:
    url = settings.LOB_BASE_URL.rstrip("/") + reverse("portal:sign_in_link", args=[token])
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "url": url, "minutes": settings.LOB_PORTAL_LINK_MINUTES}
        subject = render_to_string("portal/email/sign_in_subject.txt", context).strip()
        body = render_to_string("portal/email/sign_in_body.txt", context)
    send_mail(subject, body, None, [user.email])


def sign_in_link_peek(token: str, *, now: datetime.datetime | None = None) -> bool:
    """Whether `token` is a link that can still be used (the confirm page asks before use, so
    that a mail scanner opening the link does not use it up)."""
    now = now or timezone.now()
    return SignInLink.objects.filter(token_hash=_hash(token), used_at__isnull=True,
                                     expires_at__gt=now, sent_to=F("user__email")).exists()


def sign_in_link_use(token: str, *, now: datetime.datetime | None = None) -> User | None:
    """Use the link: the account it signs in, once, while it is valid; None otherwise."""
    now = now or timezone.now()
    link = SignInLink.objects.filter(token_hash=_hash(token)).select_related("user").first()
    if link is None:
        return None
    # Of two uses at once exactly one changes the row.
    used = SignInLink.objects.filter(pk=link.pk, used_at__isnull=True,
                                     expires_at__gt=now).update(used_at=now)
    if used != 1:
        return None
    user = link.user
    if not (user.is_active and user.is_portal_user) or link.sent_to != user.email:
        return None  # closed, or moved to another address since the link was sent
    return user
