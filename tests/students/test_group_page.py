"""Issue 16: group names are links to a group page with its members and its sessions, scoped
like the students and sessions it holds."""

import pytest

from tests.factories.students import session_with

pytestmark = pytest.mark.usefixtures("english")


def test_group_names_link_to_a_page_with_members_and_sessions(login, world):
    session = session_with(world.student, world.team_student, group=world.group,
                           counsellor=world.counsellor)
    client = login(world.counsellor)
    groups = client.get("/students/groups/").content.decode()
    assert f'href="/students/groups/{world.group.pk}/"' in groups
    page = client.get(f"/students/groups/{world.group.pk}/")
    html = page.content.decode()
    members = html.split('data-testid="group-members"')[1].split("</ul>")[0]
    assert world.student.last_name in members and world.team_student.last_name in members
    sessions = html.split('data-testid="group-sessions"')[1].split("</table>")[0]
    assert f"/students/sessions/{session.pk}/" in sessions
    assert page.context["may_log"] is True
    # The student page and the session page link to it too.
    assert f'href="/students/groups/{world.group.pk}/"' in client.get(
        f"/students/{world.student.pk}/").content.decode()
    assert f'href="/students/groups/{world.group.pk}/"' in client.get(
        f"/students/sessions/{session.pk}/").content.decode()


def test_another_teams_group_is_not_found(login, world):
    assert login(world.counsellor).get(
        f"/students/groups/{world.other_group.pk}/").status_code == 404


def test_group_page_query_count_does_not_grow(login, world, django_assert_max_num_queries):
    from tests.factories.students import StudentFactory

    session_with(world.student, world.team_student, group=world.group,
                 counsellor=world.counsellor)
    client = login(world.manager)
    url = f"/students/groups/{world.group.pk}/"
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for _ in range(15):
        student = StudentFactory(programme=world.programme)
        world.group.students.add(student)
        session_with(student, world.student, group=world.group, counsellor=world.counsellor)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
