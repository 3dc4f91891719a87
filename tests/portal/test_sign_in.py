"""Signing in to the portal by a one-time link: sent only to portal accounts, the same answer
for every address, time-limited, single use, throttled; and by a password once set."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from lob.portal.models import SignInLink
from lob.portal.services import sign_in_link_request


@pytest.fixture
def world(world_once_per_module):
    cache.clear()
    return world_once_per_module


def _link_from_mail() -> str:
    body = mail.outbox[-1].body
    return re.search(r"https?://[^/\s]+(/portal/sign-in/[^/\s]+/)", body).group(1)


def _ask(client, email):
    return client.post("/portal/sign-in/", {"email": email})


def test_a_student_signs_in_with_the_link_from_the_mail(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, "Sanne@Student.West.test ")
    assert response.status_code == 200 and b'data-testid="sign-in-sent"' in response.content
    assert mail.outbox[-1].to == ["sanne@student.west.test"]
    assert "LOB" in mail.outbox[-1].subject
    path = _link_from_mail()
    # Opening the link (a mail scanner does that too) uses nothing up.
    page = client.get(path)
    assert page.status_code == 200 and b'data-testid="use-link"' in page.content
    assert SignInLink.objects.get().used_at is None
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert b"Sanne" in client.get("/portal/").content


def test_a_link_works_once(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, "sanne@student.west.test")
    path = _link_from_mail()
    assert client.post(path).status_code == 302
    client.post("/accounts/logout/")
    second = client.post(path)
    assert second.status_code == 400 and b'data-testid="link-invalid"' in second.content
    assert client.get("/portal/").status_code == 302  # not signed in


def test_a_link_expires(client, world, django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, "sanne@student.west.test")
    path = _link_from_mail()
    later = timezone.now() + datetime.timedelta(minutes=settings.LOB_PORTAL_LINK_MINUTES + 1)
    with time_machine.travel(later):
        assert client.get(path).status_code == 400
        assert client.post(path).status_code == 400
    assert client.get("/portal/").status_code == 302


def test_a_made_up_link_signs_nobody_in(client, world):
    assert client.post("/portal/sign-in/not-a-real-token/").status_code == 400
    assert client.get("/portal/").status_code == 302


def test_a_guardian_gets_a_link_too(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, "ouder.devries@example.test")
    assert client.post(_link_from_mail()).status_code == 302
    assert client.get("/portal/").status_code == 200


@pytest.mark.parametrize("email", ["counsellor@west.test", "lec@west.test", "nobody@west.test"])
def test_staff_and_unknown_addresses_get_no_link_and_the_same_answer(client, world, email,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, email)
    assert response.status_code == 200 and b'data-testid="sign-in-sent"' in response.content
    assert mail.outbox == []
    assert not SignInLink.objects.exists()


def test_a_closed_account_gets_no_link_and_its_old_link_fails(client, world,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, "sanne@student.west.test")
    path = _link_from_mail()
    world.student_account.is_active = False
    world.student_account.save()
    assert client.post(path).status_code == 400
    assert sign_in_link_request(email="sanne@student.west.test") is False


def test_links_per_account_are_throttled(world, settings):
    sent = [sign_in_link_request(email="sanne@student.west.test")
            for _ in range(settings.LOB_PORTAL_LINKS_PER_HOUR + 2)]
    assert sent.count(True) == settings.LOB_PORTAL_LINKS_PER_HOUR
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1, minutes=1)):
        assert sign_in_link_request(email="sanne@student.west.test") is True


def test_requests_per_client_address_are_throttled(world, settings):
    settings.LOB_PORTAL_LINK_REQUESTS_PER_HOUR = 2
    assert sign_in_link_request(email="x@west.test", client="10.0.0.1") is False
    assert sign_in_link_request(email="y@west.test", client="10.0.0.1") is False
    # The third request from the address is refused even for a real account.
    assert sign_in_link_request(email="sanne@student.west.test", client="10.0.0.1") is False
    assert sign_in_link_request(email="sanne@student.west.test", client="10.0.0.2") is True


def test_bad_input_on_the_request_form_is_refused_with_a_message(client, world):
    response = _ask(client, "geen-adres")
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not SignInLink.objects.exists()


def test_a_student_sets_a_password_and_signs_in_with_it(login, world, client):
    client = login(world.student_account)
    response = client.post("/portal/password/", {"new_password1": "Loopbaan-2026-sterk",
                                                 "new_password2": "Loopbaan-2026-sterk"})
    assert response.status_code == 302
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"username": "sanne@student.west.test",
                                                 "password": "Loopbaan-2026-sterk"})
    assert response.status_code == 302
    assert client.get("/portal/").status_code == 200


def test_a_weak_password_is_refused_with_a_message(login, world):
    client = login(world.student_account)
    response = client.post("/portal/password/", {"new_password1": "1234",
                                                 "new_password2": "1234"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    world.student_account.refresh_from_db()
    assert not world.student_account.check_password("1234")


def test_a_link_in_the_old_mailbox_signs_nobody_in_once_the_address_moved(
        client, world, django_capture_on_commit_callbacks):
    from staff.models import User

    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, "sanne@student.west.test")
    path = _link_from_mail()
    account = User.objects.get(email="sanne@student.west.test")
    # The register gives the student a new address (students.services.portal moves it).
    User.objects.filter(pk=account.pk).update(email="sanne.nieuw@student.west.test")
    try:
        page = client.get(path)
        assert b'data-testid="use-link"' not in page.content
        refused = client.post(path)
        assert refused.status_code == 400 and b'data-testid="link-invalid"' in refused.content
        assert client.get("/portal/").status_code == 302  # not signed in
        # A link asked for at the new address works.
        with django_capture_on_commit_callbacks(execute=True):
            _ask(client, "sanne.nieuw@student.west.test")
        assert mail.outbox[-1].to == ["sanne.nieuw@student.west.test"]
        assert client.post(_link_from_mail()).status_code == 302
    finally:
        User.objects.filter(pk=account.pk).update(email="sanne@student.west.test")
