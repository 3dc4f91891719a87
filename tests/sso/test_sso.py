"""Sign-in through a real OpenID Connect provider (tests/sso/provider.mjs, started by the
`oidc_provider` fixture): the whole authorization-code flow over HTTP, with the provider's own
keys, tokens and userinfo endpoint."""

import datetime
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import jwt
import pytest
import requests
import time_machine
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from lob.privacy import twofactor
from lob.sso import ID_TOKEN_SESSION_KEY
from staff.models import User
from tests.factories.staff import PASSWORD, CollegeFactory, UserFactory

from .oidc import provider_sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def college():
    return CollegeFactory(short_name="west")


@pytest.fixture
def counsellor(college):
    return UserFactory(email="ria.vos@west.example", college=college, roles=["counsellor"])


def signed_in_as(client):
    return client.session.get(SESSION_KEY)


def refusal(response) -> str:
    assert response.status_code == 403, response.content[:300]
    assert b'data-testid="sso-refused"' in response.content
    return response.content.decode().split('data-reason="', 1)[1].split('"', 1)[0]


def test_sign_in_matches_the_account_by_email_and_keeps_the_subject(client, sso, counsellor):
    response = provider_sign_in(client, email="Ria.Vos@west.example", sub="surf-0001",
                                next_url="/students/")
    assert response.status_code == 302
    assert response["Location"] == "/students/"
    assert signed_in_as(client) == str(counsellor.pk)
    counsellor.refresh_from_db()
    assert counsellor.oidc_subject == "surf-0001"
    # A counsellor needs no second factor: the home page opens.
    assert client.get("/").status_code == 200


def test_an_id_token_for_another_client_is_refused(client, sso, counsellor):
    response = provider_sign_in(client, email=counsellor.email, issue_for_audience="other-app")
    assert refusal(response) == "token"
    assert signed_in_as(client) is None
    counsellor.refresh_from_db()
    assert counsellor.oidc_subject is None


def test_an_expired_id_token_is_refused(client, sso, counsellor):
    # The provider's ID tokens live 120 s; LOB's clock is ten minutes on when it gets one
    # (the LOB session, 30 minutes idle, still lives).
    later = timezone.now() + datetime.timedelta(minutes=10)
    response = provider_sign_in(client, email=counsellor.email,
                                before_callback=lambda: time_machine.travel(later, tick=True))
    assert refusal(response) == "token"
    assert signed_in_as(client) is None


def test_a_person_unknown_to_lob_gets_a_clear_page_and_nothing_is_created(client, sso, college):
    users = User.objects.count()
    response = provider_sign_in(client, email="nieuw@west.example", given_name="Nina",
                                family_name="Nieuw")
    assert refusal(response) == "unknown"
    assert "no LOB account" in response.content.decode() or "geen LOB-account" in response.content.decode()
    assert User.objects.count() == users
    assert signed_in_as(client) is None


def test_provisioning_creates_an_account_without_roles_when_switched_on(client, sso, college,
                                                                        settings):
    settings.LOB_OIDC_CREATE_USERS = True
    settings.LOB_OIDC_PROVISION_COLLEGE = "west"
    response = provider_sign_in(client, email="Nina.Nieuw@west.example", sub="surf-nina",
                                given_name="Nina", family_name="Nieuw")
    assert response.status_code == 302
    user = User.objects.get(email="nina.nieuw@west.example")
    assert (user.first_name, user.last_name, user.college, user.oidc_subject) == (
        "Nina", "Nieuw", college, "surf-nina")
    assert not user.has_usable_password()
    assert user.groups.count() == 0 and user.memberships.count() == 0
    assert signed_in_as(client) == str(user.pk)


def test_a_disabled_account_is_refused(client, sso, counsellor):
    User.objects.filter(pk=counsellor.pk).update(is_active=False)
    response = provider_sign_in(client, email=counsellor.email)
    assert refusal(response) == "inactive"
    assert signed_in_as(client) is None


def test_a_session_made_by_sso_ends_when_the_account_is_switched_off(client, sso, counsellor):
    assert provider_sign_in(client, email=counsellor.email).status_code == 302
    assert client.get("/").status_code == 200
    User.objects.filter(pk=counsellor.pk).update(is_active=False)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_matching_by_subject_ignores_the_email(client, sso, counsellor, settings):
    settings.LOB_OIDC_MATCH = "subject"
    User.objects.filter(pk=counsellor.pk).update(oidc_subject="hr-4711")
    response = provider_sign_in(client, email="another.address@west.example", sub="hr-4711")
    assert response.status_code == 302
    assert signed_in_as(client) == str(counsellor.pk)
    client.logout()
    # The e-mail address alone opens nothing when the subject is what counts.
    response = provider_sign_in(client, email=counsellor.email, sub="hr-9999")
    assert refusal(response) == "unknown"


def test_an_account_linked_to_another_subject_is_refused(client, sso, counsellor):
    User.objects.filter(pk=counsellor.pk).update(oidc_subject="surf-original")
    response = provider_sign_in(client, email=counsellor.email, sub="surf-somebody-else")
    assert refusal(response) == "subject"
    assert signed_in_as(client) is None


def test_lec_staff_give_lobs_second_factor_when_the_provider_asserts_none(client, sso, college):
    worker = UserFactory(email="lec@west.example", college=college, roles=["lec_worker"])
    assert provider_sign_in(client, email=worker.email, amr="pwd").status_code == 302
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/privacy/two-factor/")


@pytest.mark.parametrize("claims", [{"amr": "pwd,mfa"}, {"acr": "https://refeds.org/profile/mfa"}])
def test_a_multi_factor_sign_in_at_the_provider_counts_as_the_second_factor(client, sso, college,
                                                                          settings, claims):
    settings.LOB_OIDC_MFA_ACR = ["https://refeds.org/profile/mfa"]
    admin = UserFactory(email="beheer@west.example", college=college, roles=["admin"])
    assert provider_sign_in(client, email=admin.email, **claims).status_code == 302
    assert client.get("/").status_code == 200
    assert client.session[twofactor.SESSION_KEY]["provider_mfa"] is True


def test_the_mfa_values_are_configurable(client, sso, college, settings):
    settings.LOB_OIDC_MFA_AMR = []
    admin = UserFactory(email="beheer@west.example", college=college, roles=["admin"])
    assert provider_sign_in(client, email=admin.email, amr="mfa").status_code == 302
    assert client.get("/").status_code == 302  # still LOB's own code


def test_password_sign_in_can_be_switched_off(client, sso, counsellor, settings):
    client.force_login(counsellor)
    assert client.get("/").status_code == 200
    settings.LOB_PASSWORD_LOGIN = False
    # A session made with a password ends; the login page offers only the SSO button.
    assert client.get("/").status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert 'data-testid="sso-login"' in page
    assert 'name="password"' not in page
    response = client.post("/accounts/login/", {"username": counsellor.email,
                                                 "password": PASSWORD})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert client.get("/").status_code == 302
    # The SSO route still works.
    assert provider_sign_in(client, email=counsellor.email).status_code == 302
    assert client.get("/").status_code == 200


def test_the_login_page_shows_both_ways_in(client, sso):
    page = client.get("/accounts/login/").content.decode()
    assert 'data-testid="sso-login"' in page and 'name="password"' in page


def test_without_configuration_there_is_no_sso(client, settings):
    settings.LOB_OIDC_ISSUER = ""
    assert 'data-testid="sso-login"' not in client.get("/accounts/login/").content.decode()
    assert client.get("/accounts/sso/").status_code == 404


def test_re_authentication_through_the_provider(client, sso, counsellor):
    """Before an export: signing in again at the provider (prompt=login) counts as the fresh
    re-authentication for the same person."""
    assert provider_sign_in(client, email=counsellor.email).status_code == 302
    session = client.session
    session.pop(twofactor.REAUTH_SESSION_KEY, None)
    session.save()
    page = client.get("/privacy/confirm/?next=/").content.decode()
    assert 'data-testid="sso-reauth"' in page
    response = provider_sign_in(client, email=counsellor.email, reauth=True, next_url="/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_as(client) == str(counsellor.pk)
    assert client.session[twofactor.REAUTH_SESSION_KEY]


def test_re_authentication_through_the_provider_still_asks_lobs_code(client, sso, college):
    from tests.privacy.twofactor import current_code, give_device

    worker = UserFactory(email="lec@west.example", college=college, roles=["lec_worker"])
    device = give_device(worker)
    assert provider_sign_in(client, email=worker.email).status_code == 302
    client.post("/privacy/two-factor/verify/", {"code": current_code(device)})
    session = client.session
    session.pop(twofactor.REAUTH_SESSION_KEY, None)
    session.save()
    assert provider_sign_in(client, email=worker.email, reauth=True).status_code == 302
    assert twofactor.REAUTH_SESSION_KEY not in client.session
    page = client.get("/privacy/confirm/?next=/")
    assert 'name="password"' not in page.content.decode()
    response = client.post("/privacy/confirm/?next=/", {"code": current_code(device)})
    assert response.status_code == 302
    assert client.session[twofactor.REAUTH_SESSION_KEY]


def test_refused_sso_sign_ins_do_not_lock_the_schools_address_out(client, sso, counsellor,
                                                                  settings):
    """Behind a school's one public address many people sign in: refusals by the provider's
    answer (unknown people, say) are not wrong passwords and must not trip the password
    throttle (django-axes) for everybody else at that address."""
    from django.test import Client

    for n in range(settings.AXES_FAILURE_LIMIT + 2):
        assert refusal(provider_sign_in(Client(), email=f"stranger{n}@west.example")) == "unknown"
    assert provider_sign_in(client, email=counsellor.email).status_code == 302
    assert client.get("/").status_code == 200


# --- signing out -------------------------------------------------------------------------------


def _provider_signs_in_without_asking(client, browser) -> bool:
    """Press LOB's SSO button again in `browser`: True when the provider sends it straight back
    to LOB (its session is alive), False when it shows its sign-in page."""
    url = client.get("/accounts/sso/")["Location"]
    for _step in range(10):
        if url.startswith("http://testserver/"):
            return True
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code not in (302, 303):
            assert response.status_code == 200 and 'name="email"' in response.text
            return False
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("the provider kept redirecting")


def test_signing_out_after_sso_ends_the_providers_session_too(client, sso, counsellor):
    browser = requests.Session()
    assert provider_sign_in(client, email=counsellor.email, browser=browser).status_code == 302
    id_token = client.session[ID_TOKEN_SESSION_KEY]
    assert _provider_signs_in_without_asking(client, browser)  # on a shared computer: anyone

    response = client.post("/accounts/logout/")

    assert signed_in_as(client) is None
    assert response.status_code == 302
    end = urlsplit(response["Location"])
    assert f"{end.scheme}://{end.netloc}" == sso
    query = parse_qs(end.query)
    assert query["id_token_hint"] == [id_token]
    assert query["client_id"] == ["lob"]
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    # At the provider: its own confirmation page, then back to LOB's login page.
    page = browser.get(response["Location"], timeout=10)
    assert page.status_code == 200
    action = re.search(r'<form id="op.logoutForm" method="post" action="([^"]+)"', page.text)
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', page.text)
    confirmed = browser.post(urljoin(page.url, action.group(1)),
                             data={"xsrf": xsrf.group(1), "logout": "yes"},
                             allow_redirects=False, timeout=10)
    assert confirmed.status_code in (302, 303)
    assert confirmed.headers["Location"].startswith("http://testserver/accounts/login/")
    # The next person at this computer is asked who they are.
    assert not _provider_signs_in_without_asking(client, browser)


def test_signing_out_after_a_password_sign_in_goes_to_the_login_page(client, sso, counsellor):
    response = client.post("/accounts/login/", {"username": counsellor.email,
                                                 "password": PASSWORD})
    assert response.status_code == 302
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert signed_in_as(client) is None


def test_provider_sign_out_can_be_switched_off(client, sso, counsellor, settings):
    settings.LOB_OIDC_END_PROVIDER_SESSION = False
    assert provider_sign_in(client, email=counsellor.email).status_code == 302
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"
    assert signed_in_as(client) is None


def test_an_unreachable_provider_does_not_stop_the_sign_out(client, sso, counsellor, settings):
    assert provider_sign_in(client, email=counsellor.email).status_code == 302
    settings.LOB_OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens; no cached discovery
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"
    assert signed_in_as(client) is None


def test_a_sign_in_over_another_persons_session_keeps_its_own_id_token(client, sso, counsellor,
                                                                        college):
    other = UserFactory(email="piet.bos@west.example", college=college, roles=["counsellor"])
    client.force_login(other)
    assert provider_sign_in(client, email=counsellor.email).status_code == 302
    assert signed_in_as(client) == str(counsellor.pk)
    claims = jwt.decode(client.session[ID_TOKEN_SESSION_KEY], options={"verify_signature": False})
    counsellor.refresh_from_db()
    assert claims["sub"] == counsellor.oidc_subject
    assert urlsplit(client.post("/accounts/logout/")["Location"]).netloc != ""
