"""Two-factor login: required for LEC staff and admins, optional for others; enrolment with a
QR code and a key; a code at every login; re-authentication before exports and erasure."""

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from lob.privacy import twofactor
from tests.factories.staff import PASSWORD, UserFactory
from tests.privacy.twofactor import current_code, drop_reauth, log_in, unverified_force_login

pytestmark = pytest.mark.django_db


def _password_login(client, user):
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("persona", ["lec_worker", "lec_lead", "admin"])
def test_required_roles_see_no_page_before_the_code(client, world, persona):
    user = getattr(world, persona)
    _password_login(client, user)
    for path in ["/", "/lec/", "/students/", f"/students/{world.student.pk}/", "/admin/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/privacy/two-factor/verify/?next="), path


def test_unverified_lec_worker_sees_no_lec_page_and_no_case_content(client, world):
    from tests.lec.world import CANARY

    unverified_force_login(client, world.lec_worker)
    response = client.get(f"/lec/{world.referral.pk}/", follow=True)
    assert response.redirect_chain[0][0].startswith("/privacy/two-factor/verify/")
    assert CANARY not in response.content.decode()


def test_htmx_requests_are_sent_to_the_code_page_with_hx_redirect(client, world):
    unverified_force_login(client, world.lec_lead)
    response = client.get("/lec/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/privacy/two-factor/verify/")


@pytest.mark.parametrize("persona", ["counsellor", "manager", "hr", "director", "care_coordinator"])
def test_other_roles_need_no_code(client, world, persona):
    _password_login(client, getattr(world, persona))
    assert client.get("/").status_code == 200


def test_a_code_lets_the_lec_worker_in_and_goes_to_the_page_asked_for(client, world):
    _password_login(client, world.lec_worker)
    device = twofactor.confirmed_device(world.lec_worker)
    response = client.post("/privacy/two-factor/verify/?next=/lec/",
                           {"code": current_code(device), "next": "/lec/"})
    assert response.status_code == 302 and response["Location"] == "/lec/"
    assert client.get("/lec/").status_code == 200


@pytest.mark.parametrize("code", ["000000", "12345", "abcdef", ""])
def test_a_wrong_code_is_refused_with_a_message(client, world, code):
    _password_login(client, world.admin)
    response = client.post("/privacy/two-factor/verify/", {"code": code})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert client.get("/").status_code == 302


def test_a_code_cannot_be_used_twice(client, world):
    device = twofactor.confirmed_device(world.lec_lead)
    code = current_code(device)
    _password_login(client, world.lec_lead)
    assert client.post("/privacy/two-factor/verify/", {"code": code}).status_code == 302
    client.post("/accounts/logout/")
    _password_login(client, world.lec_lead)
    response = client.post("/privacy/two-factor/verify/", {"code": code})
    assert response.status_code == 200 and response.context["form"].errors["code"]


def test_a_mistyped_code_then_the_right_one_at_once_lets_the_user_in(client, world):
    # Issue 16: django-otp's own throttle refused every code for a second after ONE wrong code,
    # so the right code typed straight after a mistype answered "Too many wrong codes".
    _password_login(client, world.lec_worker)
    device = twofactor.confirmed_device(world.lec_worker)
    wrong = client.post("/privacy/two-factor/verify/", {"code": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["code"]
    right = client.post("/privacy/two-factor/verify/?next=/lec/",
                        {"code": current_code(device), "next": "/lec/"})
    assert right.status_code == 302 and right["Location"] == "/lec/"
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_repeated_wrong_codes_are_throttled(client, world, settings):
    import datetime

    import time_machine

    _password_login(client, world.lec_worker)
    device = twofactor.confirmed_device(world.lec_worker)
    for _ in range(settings.LOB_OTP_FREE_FAILURES + 1):
        client.post("/privacy/two-factor/verify/", {"code": "000000"})
    # The device now refuses codes for a while, even the right one, and says how long.
    response = client.post("/privacy/two-factor/verify/", {"code": current_code(device)})
    assert response.status_code == 200
    assert "Wacht 1 minuut" in response.content.decode()
    assert client.get("/").status_code == 302
    # After the lock the right code is taken again.
    later = timezone.now() + datetime.timedelta(seconds=settings.LOB_OTP_LOCKOUT_SECONDS + 1)
    with time_machine.travel(later):
        response = client.post("/privacy/two-factor/verify/", {"code": current_code(device)})
    assert response.status_code == 302


def test_the_lock_doubles_with_each_further_wrong_code(world, settings):
    device = twofactor.confirmed_device(world.lec_worker)
    now = timezone.now()
    device.throttling_failure_timestamp = now
    device.throttling_failure_count = settings.LOB_OTP_FREE_FAILURES - 1
    assert twofactor.locked_until(device) is None
    device.throttling_failure_count = settings.LOB_OTP_FREE_FAILURES + 2
    until = twofactor.locked_until(device)
    assert (until - now).total_seconds() == settings.LOB_OTP_LOCKOUT_SECONDS * 4


def test_a_new_admin_enrols_on_first_login_with_qr_code_and_key(client, world):
    admin = UserFactory(college=world.college, email="admin2@west.test", roles=["admin"])
    _password_login(client, admin)
    response = client.get("/")
    assert response["Location"].startswith("/privacy/two-factor/setup/")
    page = client.get(response["Location"])
    assert b"two-factor-start" in page.content
    response = client.post("/privacy/two-factor/start/", {"next": "/"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    content = page.content.decode()
    assert "<svg" in content and 'data-testid="totp-secret"' in content
    device = TOTPDevice.objects.get(user=admin)
    assert not device.confirmed
    # The secret is shown as base32 that decodes to the device key.
    assert page.context["secret"].replace(" ", "") in content.replace(" ", "")
    # A wrong code confirms nothing.
    bad = client.post("/privacy/two-factor/setup/", {"code": "000000"})
    assert bad.status_code == 200 and bad.context["form"].errors["code"]
    device.refresh_from_db()
    assert not device.confirmed
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    good = client.post("/privacy/two-factor/setup/", {"code": current_code(device), "next": "/"})
    assert good.status_code == 302 and good["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_a_confirmed_key_is_never_shown_again(client, world, login):
    login(world.admin)
    response = login(world.admin).get("/privacy/two-factor/setup/")
    assert b"totp-secret" not in response.content
    assert b"two-factor-on" in response.content
    client.post("/privacy/two-factor/start/")
    assert TOTPDevice.objects.filter(user=world.admin).count() == 1


def test_a_counsellor_may_enrol_and_then_needs_a_code(client, world):
    _password_login(client, world.counsellor)
    client.post("/privacy/two-factor/start/")
    device = TOTPDevice.objects.get(user=world.counsellor)
    client.post("/privacy/two-factor/setup/", {"code": current_code(device)})
    client.post("/accounts/logout/")
    _password_login(client, world.counsellor)
    assert client.get("/")["Location"].startswith("/privacy/two-factor/verify/")


def test_a_role_given_during_a_session_is_enforced(client, world, time_machine):
    from django.contrib.auth.models import Group

    time_machine.move_to(timezone.now())
    _password_login(client, world.director)
    assert client.get("/").status_code == 200
    world.director.groups.add(Group.objects.get(name="lec_lead"))
    time_machine.shift(twofactor.RECHECK_SECONDS + 1)
    assert client.get("/")["Location"].startswith("/privacy/two-factor/setup/")


def test_deleting_a_lost_device_ends_the_sessions_verified_with_it(client, world, time_machine):
    time_machine.move_to(timezone.now())
    _password_login(client, world.lec_worker)
    device = twofactor.confirmed_device(world.lec_worker)
    client.post("/privacy/two-factor/verify/", {"code": current_code(device), "next": "/"})
    assert client.get("/lec/").status_code == 200
    time_machine.shift(twofactor.RECHECK_SECONDS + 1)
    assert client.get("/lec/").status_code == 200  # the device is still there: still in
    device.delete()  # the admin deletes the lost phone's device
    time_machine.shift(twofactor.RECHECK_SECONDS + 1)
    response = client.get("/lec/")
    assert response.status_code == 302
    assert response["Location"].startswith("/privacy/two-factor/setup/")
    assert client.get("/")["Location"].startswith("/privacy/two-factor/setup/")


def test_a_verified_session_looks_its_device_up_only_every_few_minutes(
        client, world, time_machine):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.privacy.twofactor import give_device

    time_machine.move_to(timezone.now())
    give_device(world.lec_worker)
    log_in(client, world.lec_worker)
    client.get("/lec/")
    with CaptureQueriesContext(connection) as within:
        client.get("/lec/")
    time_machine.shift(twofactor.RECHECK_SECONDS + 1)
    with CaptureQueriesContext(connection) as after:
        client.get("/lec/")

    def page_queries(captured):
        # The session row is written when its expiry moves (at most once a minute,
        # lob.middleware.IdleSessionMiddleware): not the page's own work.
        return [q for q in captured if "django_session" not in q["sql"]
                and q["sql"] not in ("BEGIN", "COMMIT")
                and not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]

    assert len(page_queries(after.captured_queries)) == len(
        page_queries(within.captured_queries)) + 1
    assert any("otp_totp_totpdevice" in q["sql"] for q in after.captured_queries)
    assert not any("otp_totp_totpdevice" in q["sql"] for q in within.captured_queries)


# --- re-authentication -------------------------------------------------------------------------


def test_export_page_asks_for_password_and_code_again_when_not_fresh(client, world, login):
    login(world.admin)
    drop_reauth(client)
    response = client.get(f"/privacy/students/{world.student.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/privacy/confirm/?next=")
    page = client.get(response["Location"])
    assert "code" in page.context["form"].fields
    device = twofactor.confirmed_device(world.admin)
    bad = client.post("/privacy/confirm/", {"password": "wrong-password-x", "code": "000000"})
    assert bad.status_code == 200 and bad.context["form"].errors["password"]
    assert client.get(f"/privacy/students/{world.student.pk}/").status_code == 302
    ok = client.post(f"/privacy/confirm/?next=/privacy/students/{world.student.pk}/",
                     {"password": PASSWORD, "code": current_code(device),
                      "next": f"/privacy/students/{world.student.pk}/"})
    assert ok["Location"] == f"/privacy/students/{world.student.pk}/"
    assert client.get(f"/privacy/students/{world.student.pk}/").status_code == 200


def test_reauthentication_expires(client, world, login, time_machine, settings):
    time_machine.move_to(timezone.now())
    login(world.admin)
    assert client.get(f"/privacy/students/{world.student.pk}/").status_code == 200
    time_machine.shift(settings.LOB_REAUTH_MINUTES * 60 + 1)
    assert client.get(f"/privacy/students/{world.student.pk}/").status_code == 302


def test_export_post_without_fresh_reauthentication_exports_nothing(client, world, login):
    from lob.privacy.models import PrivacyEvent

    login(world.admin)
    drop_reauth(client)
    response = client.post(f"/privacy/students/{world.student.pk}/export/", {"format": "json"})
    assert response.status_code == 302 and response["Location"].startswith("/privacy/confirm/")
    assert not PrivacyEvent.objects.exists()


def test_next_cannot_lead_to_another_site(client, world):
    _password_login(client, world.lec_worker)
    device = twofactor.confirmed_device(world.lec_worker)
    response = client.post("/privacy/two-factor/verify/",
                           {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"
