"""Issue 16, "each role's home and menu": the way in and the way back — favicon, the 403 page,
the language switch before login, the login's wording, the throttle's wait, a forgotten
password."""

import io
import logging
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache

from tests.factories.staff import PASSWORD

pytestmark = pytest.mark.django_db


def test_every_page_names_an_icon_and_favicon_ico_leads_to_it(client):
    body = client.get("/accounts/login/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', body).group(1)
    assert client.get(icon).status_code == 200
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == icon


def test_the_403_page_has_a_way_back(client, world):
    client.force_login(world.hr)
    response = client.get("/students/")
    assert response.status_code == 403
    body = response.content.decode()
    assert 'href="/" data-testid="back-home"' in body


def test_a_403_is_logged_without_a_traceback(client, world):
    handler = next(h for h in logging.getLogger("django").handlers
                   if isinstance(h, logging.StreamHandler) and not hasattr(h, "email_backend"))
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        client.force_login(world.hr)
        assert client.get("/students/").status_code == 403
    finally:
        handler.setStream(old)
    log = stream.getvalue()
    assert "Forbidden" in log, "the refusal itself is still logged"
    assert "Traceback" not in log and "PermissionDenied" not in log


def test_the_language_can_be_switched_before_login(client):
    body = client.get("/accounts/login/").content.decode()
    assert 'data-testid="language-switch"' in body
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert "Log in to LOB" in client.get("/accounts/login/").content.decode()


def test_a_wrong_password_reads_as_correct_dutch(client, world):
    response = client.post("/accounts/login/", {"username": world.counsellor.email,
                                                "password": "wrong-password-1"})
    body = response.content.decode()
    assert "een juist e-mailadres" in body
    assert "een juiste e-mailadres" not in body


def test_the_lockout_says_how_long_to_wait(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": world.counsellor.email,
                                         "password": "wrong-password-1"})
    response = client.post("/accounts/login/", {"username": world.counsellor.email,
                                                 "password": PASSWORD})
    assert response.status_code == 429
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    assert f"over {minutes} minuten" in response.content.decode()
    assert int(response["Retry-After"]) == minutes * 60


def _reset_link(message) -> str:
    return re.search(r"https?://[^/]+(/accounts/reset/\S+/)", message.body).group(1)


def test_forgot_password_sends_a_link_that_sets_a_new_password(client, world):
    cache.clear()
    assert "/accounts/password-reset/" in client.get("/accounts/login/").content.decode()
    response = client.post("/accounts/password-reset/", {"email": world.counsellor.email.upper()})
    assert response.status_code == 302 and response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [world.counsellor.email]
    link = _reset_link(mail.outbox[0])
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    new = "Een-nieuw-wachtwoord-2026"
    done = client.post(form_page.redirect_chain[-1][0],
                       {"new_password1": new, "new_password2": new})
    assert done["Location"] == "/accounts/reset/done/"
    world.counsellor.refresh_from_db()
    assert world.counsellor.check_password(new)
    # The link works once.
    assert not client.get(link, follow=True).context["validlink"]


def test_no_link_for_an_unknown_address_or_an_account_without_a_password(client, world):
    cache.clear()
    world.colleague.set_unusable_password()  # logs in through the college's SSO
    world.colleague.save(update_fields=["password"])
    for email in ("nobody@west.test", world.colleague.email):
        response = client.post("/accounts/password-reset/", {"email": email})
        assert response.status_code == 302  # the same answer: no account is revealed
    assert mail.outbox == []


def test_reset_requests_are_throttled_and_the_429_says_how_long(client, world):
    cache.clear()
    for _ in range(settings.LOB_PASSWORD_RESET_PER_ADDRESS):
        assert client.post("/accounts/password-reset/",
                           {"email": world.counsellor.email}).status_code == 302
    response = client.post("/accounts/password-reset/", {"email": world.counsellor.email})
    assert response.status_code == 429
    assert len(mail.outbox) == settings.LOB_PASSWORD_RESET_PER_ADDRESS
    assert "over 60 minuten" in response.content.decode()
    assert 3500 < int(response["Retry-After"]) <= 3600
