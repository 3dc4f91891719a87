"""The portal canary: LEC findings and notes, internal session summaries and agreements, and the
names of the other students of a group session never reach a student or a guardian — on any
page of the project, in the student's data download, or in the e-mail the portal sends."""

import pytest
from django.core import mail
from django.utils import timezone

from tests.conftest import PORTAL_PERSONAS, persona_user
from tests.lec.world import CANARY
from tests.matrix import all_cases
from tests.portal.world import INTERNAL_CANARY, add_actiepunten
from tests.privacy.twofactor import log_in
from tests.test_permission_matrix import _request


@pytest.fixture
def world(world_once_per_module):
    add_actiepunten(world_once_per_module)
    return world_once_per_module


def _canaries(world) -> list[str]:
    # The team mate who attended Sanne's group lesson, by name.
    return [CANARY, INTERNAL_CANARY, world.team_student.full_name,
            world.team_student.student_number]


def _body(response) -> str:
    return (b"".join(response) if response.streaming else response.content).decode()


def _assert_clean(text: str, world, where: str) -> None:
    for canary in _canaries(world):
        assert canary not in text, f"{where} shows {canary!r}"


@pytest.mark.parametrize("persona", PORTAL_PERSONAS)
def test_no_canary_in_any_response_to_a_student_or_guardian(client, world, persona):
    user = persona_user(world, persona)
    # The parent sees Sanne's shared part (she allowed it): the walk covers the child page.
    world.guardian.access_granted_at = timezone.now()
    world.guardian.save(update_fields=["access_granted_at"])
    log_in(client, user)
    walked = 0
    for case in all_cases():
        if case.setup:
            case.setup(world, persona)
        _assert_clean(_body(_request(client, case, world)), world, f"{case.id} as {persona}")
        walked += 1
    pages = ["/", "/portal/", "/portal/parents/", "/portal/lec/", "/portal/my-data/",
             "/portal/password/", f"/portal/child/{world.student.pk}/"]
    seen = 0
    for path in pages:
        response = client.get(path, follow=True)
        _assert_clean(_body(response), world, f"{path} as {persona}")
        seen += response.status_code == 200
    assert walked > 100 and seen >= 3


def test_no_canary_in_the_sign_in_mail(client, world, django_capture_on_commit_callbacks):
    for email in ("sanne@student.west.test", "ouder.devries@example.test"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/portal/sign-in/", {"email": email})
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        _assert_clean(message.subject + message.body, world, f"mail to {message.to}")


def test_the_canaries_are_really_there_for_staff(world, login):
    """Guard against canaries that are never rendered at all."""
    client = login(world.counsellor)
    assert INTERNAL_CANARY in client.get(f"/students/sessions/{world.session.pk}/").content.decode()
    group_page = client.get(f"/students/sessions/{world.group_session.pk}/").content.decode()
    assert world.team_student.full_name in group_page
    assert "Les over je talenten." in login(world.student_account).get("/portal/").content.decode()
