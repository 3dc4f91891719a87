"""Browser tests: Playwright drives the system Chromium (Debian package) against live_server."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LOB_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("LOB_REQUIRE_SERVICES") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A 375 px wide phone screen."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 812}, locale="nl-NL",
        is_mobile=True, has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in(page, email, password):
    """Log in through the real login form."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    _give_second_factor(page, email)


def _give_second_factor(page, email):
    """Two-factor login (lob/privacy): type the code of the user's authenticator when asked,
    and enrol one first when the user has none yet."""
    from staff.models import User
    from tests.privacy.twofactor import current_code

    if "/privacy/two-factor/setup/" in page.url:
        page.click("[data-testid=two-factor-start]")
        page.wait_for_selector("[data-testid=totp-secret]")
    if "/privacy/two-factor/" not in page.url:
        return
    from lob.privacy import twofactor

    user = User.objects.get(email__iexact=email)
    device = twofactor.confirmed_device(user) or twofactor.pending_device(user)
    page.fill("input[name=code]", current_code(device))
    page.click("form:has(input[name=code]) button[type=submit]")
    page.wait_for_url(lambda url: "/privacy/two-factor/" not in url)
