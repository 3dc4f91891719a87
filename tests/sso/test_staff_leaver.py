"""A member of staff the HR file switches off cannot get in by any route — their open session,
their password, the college's sign-in service — from the moment the import has run."""

import datetime

import pytest

from staff.importer import import_staff_file
from tests.factories.staff import PASSWORD, CollegeFactory, UserFactory
from tests.privacy.twofactor import log_in

from .oidc import provider_sign_in

pytestmark = pytest.mark.django_db


def test_a_leaver_is_locked_out_of_every_route_by_the_import(client, sso):
    from django.test import Client

    college = CollegeFactory(name="MBO College West", short_name="west")
    admin = UserFactory(email="beheer@west.example", college=college, roles=["admin"])
    leaver = UserFactory(email="weg@west.example", college=college, roles=["counsellor"])
    sso_browser, password_browser = Client(), client
    # Signed in before the import: once with a password (a remembered session) and once
    # through the sign-in service.
    log_in(password_browser, leaver)
    assert provider_sign_in(sso_browser, email=leaver.email).status_code == 302
    assert password_browser.get("/").status_code == 200
    assert sso_browser.get("/").status_code == 200

    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    raw = ("email;first_name;last_name;college;team;roles;start_date;end_date\n"
           f"weg@west.example;Wim;Weg;west;;;2019-08-01;{yesterday}\n").encode()
    assert import_staff_file(raw, college, by=admin, source="hr.csv").deactivated == 1

    # Both open sessions: their very next request is anonymous.
    for browser in (password_browser, sso_browser):
        response = browser.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    # The password.
    response = Client().post("/accounts/login/", {"username": leaver.email, "password": PASSWORD})
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
    # The sign-in service: a clear refusal.
    response = provider_sign_in(Client(), email=leaver.email)
    assert response.status_code == 403
    assert b'data-reason="inactive"' in response.content
