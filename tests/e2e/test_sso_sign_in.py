"""Signing in through the college's identity provider in a real browser: the login page's
button, the provider's own sign-in page (tests/sso/provider.mjs, a real `oidc-provider`), back
to LOB — on a phone, under the Content-Security-Policy."""

import pytest

from tests.factories.staff import UserFactory
from tests.sso.oidc import configure, running_provider


@pytest.fixture
def provider(live_server, settings):
    with running_provider(f"{live_server.url}/accounts/sso/callback/") as issuer:
        configure(settings, issuer)
        settings.LOB_OIDC_BUTTON_LABEL = "SURFconext"
        yield issuer


def _csp_errors(page):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text else None)
    return errors


def _sign_in_at_provider(page, email, amr=""):
    page.goto("/accounts/login/")
    page.get_by_test_id("sso-login").click()
    page.wait_for_selector("input[name=email]")
    page.fill("input[name=email]", email)
    page.fill("input[name=amr]", amr)
    page.click("button[type=submit]")


def test_an_lec_worker_signs_in_with_multi_factor_at_the_provider(phone_page, world, provider):
    worker = UserFactory(college=world.college, email="lec.sso@west.test", roles=["lec_worker"])
    errors = _csp_errors(phone_page)
    phone_page.goto("/accounts/login/")
    assert phone_page.get_by_test_id("sso-login").inner_text() == "Inloggen met SURFconext"
    _sign_in_at_provider(phone_page, worker.email, amr="pwd,mfa")
    # The provider asserted MFA: straight to the home page, no LOB code asked.
    phone_page.wait_for_selector("[data-testid=current-user]", state="attached")
    assert "/privacy/two-factor/" not in phone_page.url
    assert worker.get_full_name() in phone_page.get_by_test_id("current-user").text_content()
    assert errors == []


def test_an_unknown_person_gets_a_clear_page(page, world, provider):
    _sign_in_at_provider(page, "onbekend@west.test")
    page.wait_for_selector("[data-testid=sso-refused]")
    assert "geen LOB-account" in page.get_by_test_id("sso-refused").inner_text()
