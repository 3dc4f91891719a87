"""The lists behind the figures: the right rows, through the owning app's scoping."""

import pytest

from tests.dashboards import data


def _names(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html, response.context["page_obj"].object_list


def _drill(d, kind, query=""):
    return f"/dashboards/team/{d.team.pk}/list/{kind}/?year=2025{query}"


def test_not_seen_lists_the_active_students_without_a_recent_individual_session(client, d):
    _html, rows = _names(client, d.manager, _drill(d, "not_seen"))
    assert {s.pk for s in rows} == {d.s2.pk, d.s5.pk, d.s6.pk}


def test_not_seen_follows_pathway_and_study_year(client, d):
    _html, rows = _names(client, d.manager, _drill(d, "not_seen", "&pathway=BBL&study_year=2"))
    assert list(rows) == []


def test_intake_late_lists_starters_past_their_deadline_without_intake(client, d):
    _html, rows = _names(client, d.manager, _drill(d, "intake_late"))
    assert {s.pk for s in rows} == {d.s2.pk, d.s6.pk}


def test_changed_counsellor_lists_students_with_more_than_one(client, d):
    _html, rows = _names(client, d.manager, _drill(d, "changed"))
    assert [(s.pk, s.assignments) for s in rows] == [(d.s2.pk, 2)]


def test_left_lists_students_by_how_they_left(client, d):
    _html, rows = _names(client, d.manager, _drill(d, "left", "&status=dropped_out"))
    assert [s.pk for s in rows] == [d.s4.pk]
    _html, rows = _names(client, d.manager,
                         f"/dashboards/team/{d.team.pk}/list/left/?year=2024&status=graduated")
    assert [s.pk for s in rows] == [d.s7.pk]


def test_left_with_an_unknown_status_is_404(client, d):
    client.force_login(d.manager)
    assert client.get(_drill(d, "left", "&status=active")).status_code == 404


def test_overdue_follow_ups_of_one_owner(client, d):
    _html, rows = _names(client, d.manager,
                         _drill(d, "follow_ups", f"&owner={d.counsellor.pk}&overdue=1"))
    assert {f.due_date.isoformat() for f in rows} == {"2026-03-01", "2025-07-01"}


def test_open_space_sessions(client, d):
    html, rows = _names(client, d.manager, _drill(d, "open_space"))
    assert {s.pk for s in rows} == {d.open_space_s2.pk, d.open_space_s3.pk}


def test_director_sees_the_register_lists_but_not_first_line_records(client, d):
    """The director may see the college's students (register) but not their follow-ups or
    sessions (students.selectors.first_line_students): those lists stay empty."""
    _html, rows = _names(client, d.director, _drill(d, "not_seen"))
    assert len(rows) == 3
    html, rows = _names(client, d.director, _drill(d, "follow_ups"))
    assert list(rows) == []
    assert "Er is niets dat je mag zien." in html
    _html, rows = _names(client, d.director, _drill(d, "open_space"))
    assert list(rows) == []


def test_unknown_drill_down_is_404(client, d):
    client.force_login(d.manager)
    assert client.get(f"/dashboards/team/{d.team.pk}/list/everything/").status_code == 404


def test_dashboard_links_lead_to_the_drill_downs(client, d):
    client.force_login(d.manager)
    html = client.get(f"/dashboards/team/{d.team.pk}/").content.decode()
    assert f"/dashboards/team/{d.team.pk}/list/not_seen/?year=2025&amp;pathway=BOL&amp;study_year=1" in html
    assert f"/dashboards/team/{d.team.pk}/list/intake_late/?year=2025" in html


@pytest.mark.parametrize("kind", ["not_seen", "follow_ups", "open_space", "changed"])
def test_drill_down_query_count_does_not_grow(client, d, django_assert_num_queries, kind):
    client.force_login(d.manager)
    url = _drill(d, kind)
    client.get(url)
    # The follow-ups list fetches the page's students by key (one query more); the lists behind
    # a rollup figure also read that figure and its age (issue 16).
    with django_assert_num_queries({"follow_ups": 7, "not_seen": 8}.get(kind, 6)) as small:
        client.get(url)
    data.more_students(d, 30)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)
