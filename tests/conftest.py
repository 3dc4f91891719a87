"""Shared fixtures: the personas of the house and the small world they live in.

College A has team A1 (counsellor with a caseload, a colleague, the care coordinator and the
manager) and team A2 (an outsider counsellor and its manager); college B is somebody else's.
"""

import copy
import os
from contextlib import contextmanager
from functools import cached_property
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.db import connection, models, transaction

from tests.factories.staff import CollegeFactory, TeamFactory, UserFactory, member
from tests.factories.students import (
    AssignmentFactory,
    ProgrammeFactory,
    StudentFactory,
    guardian_account,
    student_account,
)
from tests.privacy.twofactor import log_in

# Every persona the URL × role matrix walks, plus "anonymous".
PERSONAS = [
    "counsellor",
    "colleague",
    "outsider",
    "foreign",
    "care_coordinator",
    "manager",
    "other_manager",
    "lec_worker",
    "lec_lead",
    "hr",
    "director",
    "admin",
    # The portal's people: Sanne's own account, and the account of her parent.
    "student",
    "guardian",
]
# The portal personas are not world attributes of their own name (`world.student` is Sanne's
# register row): their accounts are these attributes.
PERSONA_ATTRIBUTES = {"student": "student_account", "guardian": "guardian_account"}
PORTAL_PERSONAS = ("student", "guardian")


def persona_user(world, persona: str):
    """The user who plays `persona` in the world."""
    return getattr(world, PERSONA_ATTRIBUTES.get(persona, persona))


# Each app may add its own objects to the world: `extend(world)` in tests/<app>/world.py.
WORLD_EXTENSIONS = [
    "tests.students.world",
    "tests.lec.world",
    "tests.staff.world",
    "tests.notifications.world",
    "tests.dashboards.world",
    "tests.privacy.world",
    "tests.workplace.world",
    "tests.community.world",
    "tests.portal.world",
    "tests.dossier.world",
    "tests.appointments.world",
]


def ensure_role_groups():
    # Browser tests flush the database after each test, which also removes the role groups
    # that a data migration made; the world needs them.
    from django.contrib.auth.models import Group

    from staff.roles import Role

    for role in Role:
        Group.objects.get_or_create(name=role.value)


@contextmanager
def restored_afterwards():
    """For data a module-scoped fixture commits: afterwards the database is put back exactly
    as it was, content types and their ids included. (A plain flush re-creates content types
    with new ids, and the serialized rollback of a later transactional test then fails.)"""
    from django.core.management import call_command

    before = connection.creation.serialize_db_to_string()
    try:
        yield
    finally:
        call_command("flush", "--noinput", inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(before)


def _name(first: str, last: str) -> dict:
    """A world person's fixed name. Generated names can contain one another ("Smit" is in
    "Smits") or an ordinary word, which made checks such as `last_name not in html` fail now
    and then; none of Faker's Dutch names is in these, nor these in one of them."""
    return {"first_name": first, "last_name": last}


def _build_world():
    ensure_role_groups()
    college = CollegeFactory(name="MBO College West", short_name="west")
    other_college = CollegeFactory(name="MBO College Noord", short_name="noord")
    team = TeamFactory(college=college, name="Zorg", code="zorg")
    other_team = TeamFactory(college=college, name="Techniek", code="techniek")
    foreign_team = TeamFactory(college=other_college, name="Handel", code="handel")

    w = SimpleNamespace(college=college, other_college=other_college, team=team,
                        other_team=other_team, foreign_team=foreign_team)
    w.counsellor = member(UserFactory(college=college, email="counsellor@west.test",
                                      first_name="Carla", last_name="Counsel"), team)
    w.colleague = member(UserFactory(college=college, email="colleague@west.test",
                                     **_name("Quirine", "Quaedvlieg")), team)
    w.outsider = member(UserFactory(college=college, email="outsider@west.test",
                                    **_name("Tjitske", "Hoekveld")), other_team)
    w.foreign = member(UserFactory(college=other_college, email="foreign@noord.test",
                                   **_name("Hiske", "Bruinsma")), foreign_team)
    w.care_coordinator = member(UserFactory(college=college, email="care@west.test",
                                            **_name("Jildou", "Kraaijeveld")), team,
                                "care_coordinator")
    w.manager = member(UserFactory(college=college, email="manager@west.test",
                                   **_name("Gerlof", "Tromp")), team, "manager")
    w.other_manager = member(UserFactory(college=college, email="manager2@west.test",
                                         **_name("Roelie", "Achterberg")), other_team, "manager")
    w.lec_worker = UserFactory(college=college, email="lec@west.test", roles=["lec_worker"],
                               **_name("Douwe", "Hazenberg"))
    w.lec_lead = UserFactory(college=college, email="leclead@west.test", roles=["lec_lead"],
                             **_name("Wiebrig", "Uiterwijk"))
    w.hr = UserFactory(college=college, email="hr@west.test", roles=["hr"],
                       **_name("Aukje", "Feijth"))
    w.director = UserFactory(college=college, email="director@west.test", roles=["director"],
                             **_name("Fokel", "Lubbers"))
    w.admin = UserFactory(college=college, email="admin@west.test", roles=["admin"],
                          **_name("Haukje", "Zandvliet"))

    w.programme = ProgrammeFactory(team=team, name="Verzorgende IG", crebo="25491", pathway="BBL")
    w.other_programme = ProgrammeFactory(team=other_team, name="Elektrotechniek", crebo="25260")
    w.foreign_programme = ProgrammeFactory(team=foreign_team, name="Retail", crebo="25250")
    w.student = StudentFactory(programme=w.programme, first_name="Sanne", last_name="de Vries",
                               student_number="100001")
    AssignmentFactory(student=w.student, counsellor=w.counsellor)
    w.student_account = student_account(w.student, email="sanne@student.west.test")
    w.guardian_account = guardian_account(w.student, email="ouder.devries@example.test",
                                          first_name="Petra", last_name="de Vries")
    w.team_student = StudentFactory(programme=w.programme, student_number="100002",
                                    **_name("Froukje", "Oosterwold"))
    w.other_team_student = StudentFactory(programme=w.other_programme, student_number="100003",
                                          **_name("Meinte", "Duinkerk"))
    AssignmentFactory(student=w.other_team_student, counsellor=w.outsider)
    w.foreign_student = StudentFactory(programme=w.foreign_programme, student_number="200001",
                                       **_name("Sietske", "Veldhoen"))
    AssignmentFactory(student=w.foreign_student, counsellor=w.foreign)
    for name in WORLD_EXTENSIONS:
        import_module(name).extend(w)
    return w


@pytest.fixture
def world(db):
    return _build_world()


def _forget_what_instances_remember(w):
    """The world's model instances as the database has them, with no answer remembered on them
    (cached properties such as a user's roles, prefetched rows): each test gets a copy of
    them, and a copy must not carry what one test's requests taught the original."""
    for obj in vars(w).values():
        if not isinstance(obj, models.Model):
            continue
        obj.refresh_from_db()
        obj.__dict__.pop("_prefetched_objects_cache", None)
        for klass in type(obj).__mro__:
            for name, attr in vars(klass).items():
                if isinstance(attr, cached_property):
                    obj.__dict__.pop(name, None)


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """The world built once for a whole module, inside a transaction that is rolled back after
    the module's last test. Each test (`db`, not `transactional_db`) runs in a savepoint within
    it, so it sees the world as built, whatever an earlier test posted (and every `db` test of
    the module sees the world, asked for or not). Use it through `world_once_per_module`, never
    directly: the instances here are the pristine originals."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            w = _build_world()
            _forget_what_instances_remember(w)
            # Between the tests only a test's own `db` fixture may reach the database.
            with django_db_blocker.block():
                yield w
        finally:
            transaction.set_rollback(True)


@pytest.fixture
def world_once_per_module(module_world, db):
    """The module's world for one test: a deep copy (as Django's TestCase does with
    setUpTestData), so that what a test changes on an instance stays in that test."""
    return copy.deepcopy(module_world)


@pytest.fixture
def login(client):
    """login(user) logs the test client in as `user` (second factor given) and returns it."""

    def _login(user):
        return log_in(client, user)

    return _login


@pytest.fixture
def postgres_only(request):
    """For a test whose point exists only on PostgreSQL (a race on row locks, a query plan, a
    date PostgreSQL refuses): skipped on SQLite, failed there when LOB_REQUIRE_SERVICES=1 (CI)."""
    if connection.vendor != "postgresql":
        if os.environ.get("LOB_REQUIRE_SERVICES") == "1":
            pytest.fail(f"LOB_REQUIRE_SERVICES=1 but {request.node.name} needs PostgreSQL")
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture(autouse=True)
def _require_services_when_asked(request):
    """With LOB_REQUIRE_SERVICES=1 (CI) a test that needs PostgreSQL must not run on SQLite."""
    if os.environ.get("LOB_REQUIRE_SERVICES") == "1" and "db" in request.fixturenames:
        if connection.vendor != "postgresql":
            pytest.fail("LOB_REQUIRE_SERVICES=1 but the database is not PostgreSQL")


# --- order independence of transactional tests (pytest-xdist) ----------------------------------
#
# A transactional test (transaction=True, live_server) ends with a flush. In one process
# pytest-django runs them after all other tests, so nothing sees the flushed database; `make
# test` spreads the files over pytest-xdist workers, where a plain test may follow one. After a
# transactional test, the database is put back as its next test expects: the state the
# migrations left (content types, permissions, role groups, with their ids) for a plain test,
# and empty for a test with serialized_rollback (Django restores that state itself).


def _db_mode(item) -> tuple[bool, bool]:
    """(transactional, serialized_rollback) of a test item, as pytest-django decides them."""
    if item is None:
        return False, False
    marker = item.get_closest_marker("django_db")
    kwargs = marker.kwargs if marker else {}
    names = getattr(item, "fixturenames", ())
    transactional = bool(kwargs.get("transaction") or kwargs.get("reset_sequences")
                         or "transactional_db" in names or "live_server" in names)
    serialized = bool(kwargs.get("serialized_rollback")
                      or "django_db_serialized_rollback" in names)
    return transactional, serialized


def pytest_collection_modifyitems(items):
    """Transactional tests are marked `transactional_db`: `make test` runs them after all the
    others, in a run of their own, so that no plain test ever meets a flushed database."""
    for item in items:
        if _db_mode(item)[0]:
            item.add_marker(pytest.mark.transactional_db)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    transactional, serialized = _db_mode(item)
    if not transactional or nextitem is None:
        return  # (None: the last test; the session's fixtures, the test database too, are gone)
    next_transactional, next_serialized = _db_mode(nextitem)
    if next_transactional and not next_serialized:
        return  # it starts from whatever is there, as in one process
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents is None:
                continue
            if not serialized:  # its flush ran the post-migrate signal: content with new ids
                call_command("flush", interactive=False, inhibit_post_migrate=True,
                             database=connection.alias, verbosity=0)
            if not next_transactional:
                connection.creation.deserialize_db_from_string(contents)
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (Redis in CI, memory otherwise): cached figures,
    page fragments and throttle counts of one test never reach another."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the project's language (Dutch), as a request without a preference
    does: a test that left English active (a login as an English-speaking user, a
    `translation.activate`) must not decide what the next test on the same worker reads."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
