"""The access log on PostgreSQL (issue 15, F10): the application's database role can neither
TRUNCATE it nor delete from it by setting the retention setting itself; the purge, done by a
SECURITY DEFINER function owned by an audit role, still removes what is past its term.

The CI user is a superuser, so each test acts as an unprivileged role of its own (SET ROLE)
with the rights the application's role has. Roles and functions are created inside the test's
transaction and vanish with its rollback."""

import datetime
import importlib
import uuid
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

import lec.migrations
from lec.models import AccessLog
from lob.privacy.retention import retention_run
from tests.factories.lec import ReferralFactory
from tests.factories.students import StudentFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers and roles"),
]

TERM_YEARS = 5


def _guard_migration():
    # Found by name rather than number: the lec migrations may be renumbered.
    path = next(Path(lec.migrations.__path__[0]).glob("*_accesslog_truncate_guard.py"))
    return importlib.import_module(f"lec.migrations.{path.stem}")


def _role(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


@pytest.fixture
def app_role(db):
    """A role with what the application's role has on the log: it may read, insert, delete,
    update and truncate (privileges) — only the triggers stand in the way."""
    role = _role("lob_test_app")
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
        cursor.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
        cursor.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO "{role}"')
        cursor.execute(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
    return role


@pytest.fixture
def audit_owner(db):
    role = _role("lob_test_audit")
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
    assert _guard_migration().install_purge(connection, role, TERM_YEARS)
    return role


class acting_as:
    def __init__(self, role):
        self.role = role

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute(f'SET ROLE "{self.role}"')

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


@pytest.fixture
def entries(world):
    """One entry far past the access-log term, one recent."""
    student = StudentFactory(programme=world.programme)
    referral = ReferralFactory(student=student, referred_by=world.counsellor)
    now = timezone.now()
    old = AccessLog.objects.create(user=world.lec_worker, referral=referral, action="view_case",
                                   at=now - datetime.timedelta(days=366 * (TERM_YEARS + 1)))
    recent = AccessLog.objects.create(user=world.lec_worker, referral=referral,
                                      action="view_case", at=now - datetime.timedelta(days=1))
    return old, recent


def _refused(sql: str, params=None) -> str:
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(caught.value)


def test_the_app_role_cannot_truncate_the_access_log(app_role, entries):
    with connection.cursor() as cursor:
        # The entries' deferred foreign-key checks would block any TRUNCATE: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with acting_as(app_role):
        message = _refused("TRUNCATE lec_accesslog")
    assert "append-only" in message
    assert AccessLog.objects.count() == 2


def test_the_app_role_cannot_delete_by_setting_the_retention_setting(app_role, audit_owner, entries):
    with acting_as(app_role):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lob.retention_purge = 'on'")
                cursor.execute("DELETE FROM lec_accesslog")
    assert AccessLog.objects.count() == 2


def test_the_purge_function_never_removes_an_entry_within_its_term(app_role, audit_owner, entries):
    old, recent = entries
    with acting_as(app_role), connection.cursor() as cursor:
        # Asked to remove everything up to tomorrow, it removes only what is past the term.
        cursor.execute("SELECT lec_accesslog_purge(now() + interval '1 day')")
        assert cursor.fetchone()[0] == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]


def test_retention_as_the_app_role_removes_expired_entries_through_the_function(
        app_role, audit_owner, entries):
    old, recent = entries
    with acting_as(app_role):
        report = retention_run(today=timezone.localdate())
    assert report["deleted"]["lec.accesslog"] == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
    # And the log still refuses the app role's own deletes afterwards.
    with acting_as(app_role):
        _refused("DELETE FROM lec_accesslog")


def test_without_the_audit_owner_the_retention_setting_still_purges(app_role, entries):
    old, recent = entries
    with acting_as(app_role):
        report = retention_run(today=timezone.localdate())
    assert report["deleted"]["lec.accesslog"] == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_purge_function_is_not_installed_for_a_missing_role(db):
    assert not _guard_migration().install_purge(connection, _role("lob_test_absent"), TERM_YEARS)


def test_a_migrating_role_that_may_not_hand_the_function_over_installs_nothing(app_role, db):
    owner = _role("lob_test_audit")
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{owner}" NOLOGIN')
    with acting_as(app_role):
        assert not _guard_migration().install_purge(connection, owner, TERM_YEARS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regprocedure('lec_accesslog_purge(timestamptz)')")
        assert cursor.fetchone()[0] is None
