"""Login by e-mail, throttling of failed logins, logout by POST, idle sessions, strong hashes."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories.staff import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_email_and_password_lands_on_home(client, world):
    response = client.post("/accounts/login/", {"username": "Counsellor@West.test", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_shows_an_error_and_no_session(client, world):
    response = client.post("/accounts/login/", {"username": world.counsellor.email, "password": "nope-nope-nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_throttled_even_with_the_right_password_afterwards(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": world.counsellor.email, "password": "wrong-password-1"})
    response = client.post("/accounts/login/", {"username": world.counsellor.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked by this.
    ok = client.post("/accounts/login/", {"username": world.colleague.email, "password": PASSWORD})
    assert ok.status_code == 302


def test_logout_is_post_only(client, world):
    client.force_login(world.counsellor)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_sessions_expire_after_inactivity_and_activity_keeps_them(client, world, login,
                                                                   time_machine, settings):
    from django.utils import timezone

    # The session row holds the expiry the rule moves. (With Redis, cached_db's copy gets the
    # same lifetime as a Redis TTL, which runs on the real clock: fake time cannot move it.)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    settings.LOB_SESSION_TOUCH_SECONDS = 60
    assert 0 < settings.SESSION_COOKIE_AGE <= 60 * 60
    idle = settings.SESSION_COOKIE_AGE
    time_machine.move_to(timezone.now())
    login(world.counsellor)
    # Active every two-thirds of the idle time: still logged in well past one idle period.
    for _ in range(3):
        time_machine.shift(idle * 2 // 3)
        assert client.get("/").status_code == 200
    # Then idle for longer than the idle time: logged out.
    time_machine.shift(idle + 1)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_session_is_written_at_most_once_per_touch_interval(client, world, login,
                                                             time_machine, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    def session_writes():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return [q["sql"] for q in queries.captured_queries
                if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]]

    settings.LOB_SESSION_TOUCH_SECONDS = 60
    time_machine.move_to(timezone.now())
    login(world.counsellor)
    assert len(session_writes()) == 1  # the first page after login moves the expiry
    time_machine.shift(settings.LOB_SESSION_TOUCH_SECONDS // 2)
    assert session_writes() == []
    time_machine.shift(settings.LOB_SESSION_TOUCH_SECONDS)
    assert len(session_writes()) == 1


def test_production_settings_hash_with_argon2id_at_owasps_baseline_or_above():
    from django.utils.module_loading import import_string

    from lob import settings as production

    hasher = import_string(production.PASSWORD_HASHERS[0])()
    encoded = hasher.encode("loopbaan-Gesprek-2026!", hasher.salt())
    params = hasher.decode(encoded)["params"]
    assert encoded.startswith("argon2$argon2id$")
    # OWASP Password Storage Cheat Sheet: at least 19 MiB, 2 passes, 1 lane.
    assert params.memory_cost >= 19 * 1024
    assert params.time_cost >= 2
    assert params.parallelism >= 1
    assert hasher.verify("loopbaan-Gesprek-2026!", encoded)
    assert not hasher.verify("loopbaan-Gesprek-2026?", encoded)


def test_a_hash_made_at_djangos_default_cost_still_logs_in_and_is_rehashed(settings, client,
                                                                             world):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from lob import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = world.counsellor
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user.save(update_fields=["password"])
    assert "m=102400,t=2,p=8" in user.password

    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


@pytest.mark.parametrize("password", ["password123", "welkom01", "1234567890", "qwertyuiop"])
def test_common_or_weak_passwords_are_rejected(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_unusual_password_is_accepted():
    validate_password("loopbaan-Gesprek-2026!")


def test_pages_with_personal_data_are_not_cached(client, world):
    client.force_login(world.counsellor)
    response = client.get("/students/")
    assert "no-store" in response["Cache-Control"]


def test_the_throttle_counts_an_address_in_any_letter_case_as_one(client, world):
    # F6: the login finds the account whatever the case, so the throttle must count it so too.
    address = world.counsellor.email
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": address.lower(), "password": "wrong-password-1"})
    for variant in (address.upper(), f"  {address.title()} "):
        response = client.post("/accounts/login/", {"username": variant, "password": PASSWORD})
        assert response.status_code == 429, variant
        assert "_auth_user_id" not in client.session


def test_mixed_case_failures_add_up_to_one_lockout(client, world):
    address = world.counsellor.email
    for i in range(settings.AXES_FAILURE_LIMIT):
        variant = address.upper() if i % 2 else address.lower()
        client.post("/accounts/login/", {"username": variant, "password": "wrong-password-1"})
    response = client.post("/accounts/login/", {"username": address, "password": PASSWORD})
    assert response.status_code == 429


def test_a_login_name_over_254_characters_is_a_field_error_not_a_crash(client, world):
    # R5: the throttle stores the attempted name in a 255-character column.
    from axes.models import AccessAttempt

    name = "a" * 300 + "@west.test"
    response = client.post("/accounts/login/", {"username": name, "password": "wrong-password-1"})
    assert response.status_code == 200
    errors = response.context["form"].errors["username"]
    assert errors and "254" in errors[0]
    assert not AccessAttempt.objects.filter(username__startswith="aaaa").exists()
    assert "_auth_user_id" not in client.session
