"""Sign-in through the college's identity provider (OpenID Connect: SURFconext, Entra ID, ...).

mozilla-django-oidc runs the authorization-code flow; this module adds what LOB needs on top:

- the provider's endpoints come from its discovery document (LOB_OIDC_ISSUER), fetched when a
  sign-in needs them and cached, never at start-up;
- the ID token is checked in full: signature, issuer, audience (the library itself does not
  check `aud`), expiry, issued-at and nonce;
- a person is matched to an existing account by e-mail or by the stable subject stored on the
  account (LOB_OIDC_MATCH); an unknown person gets a page saying so and nothing is created
  unless LOB_OIDC_CREATE_USERS is on; a deactivated account is refused;
- when the provider asserts multi-factor authentication (`amr`/`acr`, LOB_OIDC_MFA_AMR /
  LOB_OIDC_MFA_ACR) the session counts as having given the second factor; otherwise LOB's own
  two-factor login applies as after a password.

Why a sign-in was refused is put on the request by the backend (`request.sso_refusal`) and
shown by the callback view's page; the log gets the reason without personal data.
"""

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from lob.privacy import twofactor
from staff.models import College, User

logger = logging.getLogger(__name__)

DISCOVERY_CACHE_SECONDS = 3600
# Shown on the refusal page (the reason the backend found), by key.
REFUSALS = {
    "unknown": _("There is no LOB account for the person you signed in as at your college's "
                 "sign-in service. Ask the functional administrator of your college to give "
                 "you an account; nothing has been created."),
    "inactive": _("Your LOB account has been switched off. If you think this is a mistake, "
                  "ask the functional administrator of your college."),
    "token": _("The sign-in service's answer could not be accepted (it was not meant for LOB, "
               "has expired or is not valid). Nobody has been signed in. Try again; if this "
               "keeps happening, tell the functional administrator."),
    "subject": _("This LOB account is linked to another person at the sign-in service. Nobody "
                 "has been signed in; ask the functional administrator."),
    "ambiguous": _("More than one LOB account matches this person. Nobody has been signed in; "
                   "ask the functional administrator."),
    "provider": _("The sign-in service could not be reached or refused the sign-in. Try again "
                  "later."),
    "disabled": _("Sign-in through the college's sign-in service is not set up."),
}


def is_enabled() -> bool:
    return bool(settings.LOB_OIDC_ISSUER and settings.LOB_OIDC_CLIENT_ID)


def discovery() -> dict:
    """The provider's metadata (`/.well-known/openid-configuration`), cached for an hour."""
    issuer = settings.LOB_OIDC_ISSUER.rstrip("/")
    key = f"lob:oidc-discovery:{issuer}"
    document = cache.get(key)
    if document is None:
        response = requests.get(f"{issuer}/.well-known/openid-configuration",
                                timeout=settings.LOB_OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
        if document.get("issuer", "").rstrip("/") != issuer:
            raise ImproperlyConfigured("LOB_OIDC_ISSUER does not match the provider's issuer")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


# Where mozilla-django-oidc keeps the ID token (OIDC_STORE_ID_TOKEN).
ID_TOKEN_SESSION_KEY = "oidc_id_token"  # noqa: S105 (a session key, not a secret)


def end_session_url(request, id_token: str | None) -> str | None:
    """Where to send the browser after LOB's own sign-out so that the provider ends its session
    too (OpenID Connect RP-Initiated Logout 1.0), coming back to LOB's login page; None when the
    session was not made by SSO, the provider advertises no end-session endpoint, cannot be
    reached, or LOB_OIDC_END_PROVIDER_SESSION is off: then only LOB's session has ended."""
    if not (id_token and is_enabled() and settings.LOB_OIDC_END_PROVIDER_SESSION):
        return None
    try:
        endpoint = discovery().get("end_session_endpoint")
    except (requests.RequestException, ValueError, ImproperlyConfigured) as exc:
        logger.warning("SSO provider error at sign-out: %s", type(exc).__name__)
        return None
    if not endpoint:
        return None
    query = urlencode({
        "id_token_hint": id_token,
        "client_id": settings.LOB_OIDC_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
    })
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def _refuse(request, reason: str) -> None:
    request.sso_refusal = reason
    logger.warning("SSO sign-in refused: %s", reason)


class Backend(OIDCAuthenticationBackend):
    """The OIDC authentication backend (AUTHENTICATION_BACKENDS). It is instantiated for every
    request that loads a user, so __init__ reads nothing from the network."""

    def __init__(self, *args, **kwargs):
        self.UserModel = User

    # mozilla-django-oidc reads these from settings; here they follow the environment and the
    # provider's discovery document, when a sign-in needs them.
    def _configure(self) -> None:
        meta = discovery()
        self.OIDC_OP_TOKEN_ENDPOINT = meta["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = meta.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = meta["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = settings.LOB_OIDC_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.LOB_OIDC_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.LOB_OIDC_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.issuer = meta["issuer"]

    def authenticate(self, request, **kwargs):
        if request is None or not is_enabled() or "code" not in request.GET \
                or request.path != reverse("sso_callback"):
            return None  # a password sign-in, or no answer from the provider to check
        try:
            self._configure()
            return super().authenticate(request, **kwargs)
        except SuspiciousOperation:
            _refuse(request, "token")
        except (requests.RequestException, ValueError, KeyError, ImproperlyConfigured) as exc:
            logger.warning("SSO provider error: %s", type(exc).__name__)
            _refuse(request, "provider")
        return None

    def get_user(self, user_id):
        """A session made by SSO ends as soon as the account is switched off."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    # --- the ID token ----------------------------------------------------------------------

    def verify_token(self, token, **kwargs):
        """Signature (the provider's key), issuer, audience, expiry and nonce; any failure is a
        SuspiciousOperation (refused as "token")."""
        if not token:
            raise SuspiciousOperation("no ID token")
        key = self.retrieve_matching_jwk(token)
        try:
            payload = jwt.decode(
                token, key, algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID, issuer=self.issuer,
                leeway=settings.LOB_OIDC_LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID token refused: {type(exc).__name__}") from exc
        # Several audiences: the token must have been issued to LOB (OIDC Core 3.1.3.7).
        if isinstance(payload.get("aud"), list) and len(payload["aud"]) > 1 \
                and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token refused: azp")
        nonce = kwargs.get("nonce")
        if nonce is not None and payload.get("nonce") != nonce:
            raise SuspiciousOperation("ID token refused: nonce")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, completed by the userinfo endpoint when the provider has one
        (its `sub` must be the token's)."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            info = super().get_userinfo(access_token, id_token, payload)
            if info.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("userinfo subject differs from the ID token's")
            claims.update({k: v for k, v in info.items() if k not in ("iss", "aud", "exp", "iat")})
        return claims

    # --- matching a person to an account ---------------------------------------------------

    def verify_claims(self, claims):
        return bool(claims.get(settings.LOB_OIDC_SUBJECT_CLAIM))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("no subject claim")
        subject = str(claims[settings.LOB_OIDC_SUBJECT_CLAIM])
        email = str(claims.get(settings.LOB_OIDC_EMAIL_CLAIM) or "").strip().lower()
        users = list(self._candidates(subject, email)[:2])
        if len(users) > 1:
            _refuse(self.request, "ambiguous")
            return None
        if not users:
            if not settings.LOB_OIDC_CREATE_USERS:
                _refuse(self.request, "unknown")
                return None
            user = self._provision(subject, email, claims)
            if user is None:
                _refuse(self.request, "unknown")
                return None
        else:
            user = users[0]
        if not user.is_active:
            _refuse(self.request, "inactive")
            return None
        if user.oidc_subject and user.oidc_subject != subject:
            _refuse(self.request, "subject")
            return None
        if not user.oidc_subject:
            # Matched by e-mail: from now on the account is this subject's, so that an e-mail
            # address given to somebody else later does not open it.
            user.oidc_subject = subject
            user.save(update_fields=["oidc_subject"])
        self.request.sso_mfa = asserts_mfa(claims)
        return user

    def _candidates(self, subject: str, email: str):
        if settings.LOB_OIDC_MATCH == "subject":
            return User.objects.filter(oidc_subject=subject)
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email)

    @transaction.atomic
    def _provision(self, subject: str, email: str, claims: dict) -> User | None:
        """A new account without roles (LOB_OIDC_CREATE_USERS): in the configured college; the
        functional administrator gives roles (care-data roles with a second approval)."""
        if not email:
            return None
        college = None
        if settings.LOB_OIDC_PROVISION_COLLEGE:
            college = College.objects.filter(short_name=settings.LOB_OIDC_PROVISION_COLLEGE).first()
            if college is None:
                raise ImproperlyConfigured("LOB_OIDC_PROVISION_COLLEGE names no college")
        user = User.objects.create_user(
            email=email, first_name=str(claims.get("given_name") or "")[:100],
            last_name=str(claims.get("family_name") or "")[:150], college=college,
        )
        user.set_unusable_password()
        user.oidc_subject = subject
        user.save(update_fields=["password", "oidc_subject"])
        logger.info("SSO: account %s provisioned", user.pk)
        return user


def asserts_mfa(claims: dict) -> bool:
    """The provider says the person gave more than one factor: an `amr` value in
    LOB_OIDC_MFA_AMR or an `acr` value in LOB_OIDC_MFA_ACR."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if set(map(str, amr)) & set(settings.LOB_OIDC_MFA_AMR):
        return True
    return str(claims.get("acr") or "") in set(settings.LOB_OIDC_MFA_ACR)


# --- views -----------------------------------------------------------------------------------


class SignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (the login page's SSO button)."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not is_enabled():
            return refused(request, "disabled", status=404)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = discovery()["authorization_endpoint"]
        except (requests.RequestException, ValueError, KeyError, ImproperlyConfigured) as exc:
            logger.warning("SSO provider error: %s", type(exc).__name__)
            return refused(request, "provider", status=502)
        self.OIDC_RP_CLIENT_ID = settings.LOB_OIDC_CLIENT_ID
        return super().get(request)

    def get_extra_params(self, request):
        params = {}
        if request.GET.get("reauth") == "1":
            # Re-authentication before an export or erasure: the provider asks again.
            params.update({"prompt": "login", "max_age": "0"})
            request.session["lob_sso_reauth"] = True
        return params


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code; a refusal gets a clear page."""

    def get(self, request):
        if not is_enabled():
            return refused(request, "disabled", status=404)
        reauth = request.session.pop("lob_sso_reauth", False)
        before = request.user.pk if request.user.is_authenticated else None
        if request.GET.get("error") and not getattr(request, "sso_refusal", None):
            request.sso_refusal = "provider"
        response = super().get(request)
        if response.status_code == 302 and getattr(self, "user", None) is not None \
                and self.user.is_active and request.user.is_authenticated:
            if getattr(request, "sso_mfa", False):
                twofactor.mark_verified_by_provider(request)  # also a fresh re-authentication
            elif reauth and before == request.user.pk:
                if twofactor.confirmed_device(request.user) is None:
                    twofactor.mark_reauthenticated(request)
                else:  # the re-authentication page still asks for LOB's code
                    twofactor.mark_provider_reauth(request)
        return response

    def login_failure(self):
        return refused(self.request, getattr(self.request, "sso_refusal", None) or "token")

    def login_success(self):
        # A new sign-in always gets a fresh session (the library keeps the session of a user
        # who signs in again; the second-factor state must then be the new one's).
        if self.request.user.is_authenticated and self.request.user != self.user:
            # The backend has just put this sign-in's ID token in the session being ended.
            id_token = self.request.session.get(ID_TOKEN_SESSION_KEY)
            auth.logout(self.request)
            if id_token:
                self.request.session[ID_TOKEN_SESSION_KEY] = id_token
        return super().login_success()


def refused(request, reason: str, *, status: int = 403):
    return render(request, "registration/sso_refused.html",
                  {"message": REFUSALS.get(reason, REFUSALS["token"]), "reason": reason},
                  status=status)
