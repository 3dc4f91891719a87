"""The URL × role permission matrix, shared by every app.

Each app lists its URLs in `tests/<app>/matrix.py` as `CASES = [Case(...), ...]`. A case names
the URL, builds its path from the `world` fixture and says, for every persona of
`tests.conftest.PERSONAS`, which status code it must answer. Anonymous visitors are always
redirected to the login page. `tests/test_permission_matrix.py` walks all cases and fails when a
URL of the project has no case.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

MATRIX_MODULES = [
    "tests.lob.matrix",
    "tests.students.matrix",
    "tests.lec.matrix",
    "tests.staff.matrix",
    "tests.notifications.matrix",
    "tests.dashboards.matrix",
    "tests.privacy.matrix",
    "tests.workplace.matrix",
    "tests.community.matrix",
    "tests.portal.matrix",
    "tests.dossier.matrix",
    "tests.appointments.matrix",
    "tests.feedback.matrix",
    "tests.api.matrix",
]

# URLs that answer without login, on purpose.
PUBLIC_URL_NAMES = {"login", "set_language", "health", "favicon", "password_reset",
                    "password_reset_done", "password_reset_confirm", "password_reset_complete",
                    # The praktijkopleider's one-time link (tests/workplace/test_trainer_link.py).
                    "trainer_form",
                    # A former student's links to join or leave the alumni pool
                    # (tests/community/test_alumni.py).
                    "alumni_join", "alumni_withdraw",
                    # The sign-in through the college's identity provider starts and ends
                    # without a login (404 while not configured): tests/sso covers both.
                    "sso_login", "sso_callback",
                    # The portal's sign-in by a one-time link (tests/portal).
                    "portal:sign_in", "portal:sign_in_link",
                    # The counsellor's calendar feed opens with its secret address instead of a
                    # login (tests/appointments/test_feed.py).
                    "appointments:feed",
                    # The BI API's description (OpenAPI) is public; its figures need a token.
                    "api:openapi"}


def expect(default: int, **overrides: int) -> dict[str, int]:
    """Expected status per persona: `default` for all staff, with named exceptions. The portal
    personas (student, guardian) get 403 unless named: a page is closed to them unless it is
    one of the portal's (lob.middleware.PortalBoundaryMiddleware)."""
    from tests.conftest import PERSONAS, PORTAL_PERSONAS

    unknown = set(overrides) - set(PERSONAS)
    if unknown:
        raise ValueError(f"unknown personas: {unknown}")
    return {p: overrides.get(p, 403 if p in PORTAL_PERSONAS else default) for p in PERSONAS}


@dataclass
class Case:
    url_name: str
    path: Callable  # world -> str
    expect: dict[str, int]
    method: str = "get"
    data: Callable | dict | None = None  # world -> dict, for POST
    label: str = ""
    # Extra persona-specific set-up before the request: setup(world, persona_name).
    setup: Callable | None = None
    htmx: bool = False
    # What an anonymous visitor gets: the login page, except where a token (not a session)
    # is the way in (the BI API answers 401).
    anonymous: int = 302

    @property
    def id(self) -> str:
        return self.label or f"{self.method}:{self.url_name}"

    def payload(self, world):
        if callable(self.data):
            return self.data(world)
        return self.data or {}


@dataclass
class Matrix:
    cases: list[Case] = field(default_factory=list)


def all_cases() -> list[Case]:
    cases: list[Case] = []
    for name in MATRIX_MODULES:
        cases.extend(import_module(name).CASES)
    return cases
