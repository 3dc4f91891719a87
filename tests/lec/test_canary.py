"""Sensitive LEC content never reaches anyone outside the case: walk every URL of the project
(tests.matrix.all_cases) as every non-LEC persona and look for the canary in each response."""

import pytest

from common.timeline import external_actions, external_entries
from tests.conftest import PERSONAS, persona_user
from tests.matrix import all_cases
from tests.privacy.twofactor import log_in
from tests.test_permission_matrix import _request

from .world import CANARY

NON_LEC = [p for p in PERSONAS if p not in ("lec_worker", "lec_lead")]


@pytest.mark.parametrize("persona", NON_LEC)
def test_the_canary_never_appears_in_any_response_of_a_non_lec_persona(client, world, persona):
    user = persona_user(world, persona)
    log_in(client, user)
    walked = 0
    for case in all_cases():
        if case.setup:
            case.setup(world, persona)
        response = _request(client, case, world)
        body = b"".join(response) if response.streaming else response.content
        assert CANARY.encode() not in body, f"{case.id} leaks LEC content to {persona}"
        walked += 1
    # The pages that matter for the first line are walked too.
    for path in ("/", f"/students/{world.student.pk}/", f"/students/{world.team_student.pk}/"):
        assert CANARY.encode() not in client.get(path).content, path
    assert walked >= 25


@pytest.mark.parametrize("persona", NON_LEC)
def test_the_canary_never_leaves_through_the_first_line_read_api(world, persona):
    user = persona_user(world, persona)
    for student in (world.student, world.team_student, world.other_team_student):
        for entry in external_entries(student, user):
            assert CANARY not in repr(entry)
        for action in external_actions(student, user):
            assert CANARY not in repr(action)


def test_the_canary_is_really_there_for_the_case_worker(client, world):
    """Guard against a canary that is never rendered at all."""
    log_in(client, world.lec_worker)
    assert CANARY.encode() in client.get(f"/lec/{world.referral.pk}/").content
    log_in(client, world.lec_worker2)
    assert CANARY.encode() in client.get(f"/lec/{world.new_referral.pk}/").content
