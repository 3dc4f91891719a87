"""The team dashboard page: its tables on the hand-made college, charts, filters, queries."""

import re

import pytest

from tests.common.test_csv_export import read_csv
from tests.dashboards import data
from tests.dashboards.html import table_rows


def _page(client, d, user=None, query=""):
    client.force_login(user or d.manager)
    response = client.get(f"/dashboards/team/{d.team.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_reach_and_intake_table(client, d):
    rows = table_rows(_page(client, d), "table-reach")
    assert rows[1:] == [
        # pathway, study year, active, seen, reach, not seen, started, on time, %, late
        ["BBL", "2", "1", "1", "100%", "0", "0", "0", "–", "0"],
        ["BOL", "1", "4", "1", "25%", "3", "4", "1", "33%", "2"],
        ["Totaal", "", "5", "2", "40%", "3", "4", "1", "33%", "2"],
    ]


def test_sessions_continuity_follow_ups_and_referral_tables(client, d):
    html = _page(client, d)
    assert table_rows(html, "table-sessions")[1:] == [
        ["BBL", "2", "1", "1", "100%", "1", "0", "100%"],
        ["BOL", "1", "4", "1", "25%", "0", "1", "0%"],
        ["Totaal", "", "5", "2", "40%", "1", "1", "50%"],
    ]
    assert table_rows(html, "table-continuity")[1:] == [
        ["BBL", "2", "1", "1", "100%", "0", "0,0"],
        ["BOL", "1", "4", "3", "75%", "1", "0,3"],
        ["Totaal", "", "5", "4", "80%", "1", "0,2"],
    ]
    assert table_rows(html, "table-follow_ups_year")[1:] == [
        ["BBL", "2", "1", "1", "0", "0"],
        ["BOL", "1", "2", "0", "2", "1"],
        ["Totaal", "", "3", "1", "2", "1"],
    ]
    assert table_rows(html, "table-follow_ups")[1:] == [
        ["Cas Coach", "3", "2"],  # s1's two, and s3's from last school year
        ["Totaal", "3", "2"],
    ]
    assert table_rows(html, "table-referrals")[1:] == [
        ["BBL", "2", "2", "0", "2,5", "2", "2", "1", "50%"],
        ["BOL", "1", "2", "1", "2,0", "1", "1", "1", "100%"],
        ["Totaal", "", "4", "1", "2,0", "3", "3", "2", "67%"],
    ]
    outcomes = dict(tuple(r) for r in table_rows(html, "table-referral_outcomes")[1:])
    assert outcomes["Terug in de opleiding"] == "1"
    assert outcomes["Uitgevallen"] == "1"
    assert outcomes["Werk"] == "0"


def test_outcomes_per_year_trend_and_staff_tables(client, d):
    html = _page(client, d)
    outcomes = table_rows(html, "table-outcomes")
    assert outcomes[1:] == [
        ["2022-2023", "0%", "0", "0", "0", "0%"],  # s7 in year 1
        ["2023-2024", "0%", "0", "0", "0", "0%"],
        ["2024-2025", "0%", "1", "0", "0", "0%"],  # s7 graduated
        ["2025-2026", "40%", "0", "1", "0", "17%"],
    ]
    trend = table_rows(html, "table-trend")
    assert len(trend) == 1 + 8
    assert trend[-1][1:] == ["5", "2", "40%"]  # March 2026
    assert trend[-2][1:] == ["4", "1", "25%"]  # February
    assert table_rows(html, "table-staff")[1:] == [["2", "1", "50%", "3", "2", "67%"]]
    training = table_rows(html, "table-training")[1:]
    assert [row[1:] for row in training] == [["0,0", "4,0"], ["8,0", "0,0"]]  # ICT, LC course
    assert table_rows(html, "table-standards")[1:] == [
        ["Intake", "3,5", "2"], ["Loopbaanbegeleiding", "2,0", "1"],
    ]


def test_charts_are_inline_svg_without_scripts_or_style_attributes(client, d):
    html = _page(client, d)
    assert html.count("<svg") >= 3
    svg = html[html.index("<svg"):]
    assert "<script" not in svg
    assert "style=" not in svg
    assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_pathway_and_study_year_filter(client, d):
    rows = table_rows(_page(client, d, query="?pathway=BBL&study_year=2"), "table-reach")
    assert rows[1:] == [
        ["BBL", "2", "1", "1", "100%", "0", "0", "0", "–", "0"],
        ["Totaal", "", "1", "1", "100%", "0", "0", "0", "–", "0"],
    ]


def test_previous_school_year(client, d):
    rows = table_rows(_page(client, d, query="?year=2024"), "table-reach")
    assert [r[:3] for r in rows[1:]] == [["BBL", "1", "2"], ["BOL", "3", "0"], ["Totaal", "", "2"]]


@pytest.mark.parametrize("query", ["?year=1999", "?year=abc", "?pathway=XYZ", "?study_year=9"])
def test_bad_filter_is_reported_at_its_field_and_defaults_are_shown(client, d, query):
    html = _page(client, d, query=query)
    assert "is-invalid" in html
    assert "invalid-feedback" in html
    assert table_rows(html, "table-reach")[-1][:3] == ["Totaal", "", "5"] or "year" not in query


def test_the_chosen_filters_stay_chosen(client, d):
    html = _page(client, d, query="?year=2024&pathway=BBL&study_year=2")
    assert '<option value="2024" selected>2024-2025</option>' in html
    assert '<option value="BBL" selected>' in html and '<option value="BOL" selected>' not in html
    assert '<option value="2" selected>2</option>' in html
    assert '<option value="" selected>' not in html


def test_figures_show_their_age_and_a_refresh_button(client, d):
    html = _page(client, d)
    assert 'data-testid="figures-age"' in html
    assert "Cijfers berekend" in html
    assert 'action="/dashboards/refresh/"' in html


def test_csv_of_every_table_matches_the_table(client, d):
    html = _page(client, d)
    keys = ["reach", "trend", "sessions", "continuity", "follow_ups", "follow_ups_year",
            "referrals", "referral_outcomes", "outcomes", "staff", "training", "standards"]
    for key in keys:
        response = client.get(f"/dashboards/team/{d.team.pk}/csv/{key}/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        rows = read_csv(response)
        assert rows == table_rows(html, f"table-{key}"), key


def test_csv_follows_the_filters(client, d):
    client.force_login(d.manager)
    response = client.get(f"/dashboards/team/{d.team.pk}/csv/reach/?pathway=BOL")
    rows = read_csv(response)
    assert [r[0] for r in rows[1:]] == ["BOL", "Totaal"]


def test_unknown_csv_table_is_404(client, d):
    client.force_login(d.manager)
    assert client.get(f"/dashboards/team/{d.team.pk}/csv/nope/").status_code == 404


def test_query_count_is_the_same_for_small_and_larger_teams(client, d, page_queries,
                                                            refresh_later):
    client.force_login(d.manager)
    url = f"/dashboards/team/{d.team.pk}/"
    client.get(url)
    # (+2 since the competencies and student-feedback cards: one live aggregate each; +1 the live
    # attendance card: absence now, beside reach; +6 the workplace's and the materials' cards,
    # three each; fewer since a page no longer writes its session row every time.) Cached: the
    # HTML of every card but the two live ones (attendance, follow-ups) comes from the cache
    # until the next refresh, so only the live cards ask the database.
    page_queries(url, computed=20, cached=7)
    data.more_students(d, 50)
    refresh_later()
    response = page_queries(url, computed=20, cached=7)
    assert table_rows(response.content.decode(), "table-reach")[-1][2] == "55"


def test_figures_come_from_the_cache_until_the_rollups_refresh(
        client, d, django_assert_max_num_queries, refresh_later):
    client.force_login(d.manager)
    client.get("/")  # the session's first request also looks up two-factor devices
    url = f"/dashboards/team/{d.team.pk}/"
    with django_assert_max_num_queries(20) as computed:
        client.get(url)
    data.more_students(d, 2)  # not in the figures until the rollups refresh
    with django_assert_max_num_queries(20) as cached:
        html = client.get(url).content.decode()
    assert len(cached.captured_queries) < len(computed.captured_queries)
    assert table_rows(html, "table-reach")[-1][2] == "5"
    refresh_later()
    html = client.get(url).content.decode()
    assert table_rows(html, "table-reach")[-1][2] == "7"


def test_college_figures_show_the_refresh_on_the_next_view(client, d, refresh_later):
    client.force_login(d.director)
    url = f"/dashboards/college/{d.college.pk}/"
    assert table_rows(client.get(url).content.decode(), "table-teams")[2][1] == "5"
    data.more_students(d, 2)
    assert table_rows(client.get(url).content.decode(), "table-teams")[2][1] == "5"
    refresh_later()
    assert table_rows(client.get(url).content.decode(), "table-teams")[2][1] == "7"


def test_live_cards_follow_every_write_and_the_others_the_refresh(client, d, refresh_later):
    """The follow-ups card is read live; the staff's training card, like the rollups' cards,
    is kept (as HTML in the cache) until the rollups' next refresh."""
    from staff.models import ReviewCycle, Training, TrainingStatus
    from students.models import FollowUp

    client.force_login(d.manager)
    url = f"/dashboards/team/{d.team.pk}/"
    client.get(url)
    FollowUp.objects.create(session=d.session_s1, student=d.s1, owner=d.counsellor,
                            description="Nog een afspraak", due_date=data.TODAY)
    Training.objects.create(cycle=ReviewCycle.objects.get(employee=d.counsellor2), area="ict",
                            title="ICT 2", hours=6, status=TrainingStatus.COMPLETED,
                            completed_on=data.TODAY)
    html = client.get(url).content.decode()
    assert table_rows(html, "table-follow_ups")[-1] == ["Totaal", "4", "2"]
    assert [r[1:] for r in table_rows(html, "table-training")[1:]] == [["0,0", "4,0"],
                                                                       ["8,0", "0,0"]]
    refresh_later()
    html = client.get(url).content.decode()
    assert [r[1:] for r in table_rows(html, "table-training")[1:]] == [["6,0", "4,0"],
                                                                       ["8,0", "0,0"]]


def test_cards_between_two_live_ones_are_one_cache_entry(client, d, monkeypatch):
    """The cached cards come from the cache one run at a time (the cards between two live
    ones), not one read per card; the page is the same as when it was computed."""
    from django.core.cache import caches

    from lob.dashboards.pages.team import LIVE_CARDS, TEAM_CARDS

    cache = caches["default"]
    client.force_login(d.manager)
    url = f"/dashboards/team/{d.team.pk}/"
    cache.clear()
    computed = client.get(url).content.decode()
    reads = []
    original = type(cache).get

    def counting_get(self, key, *args, **kwargs):
        reads.append(key)
        return original(self, key, *args, **kwargs)

    monkeypatch.setattr(type(cache), "get", counting_get)
    cached = client.get(url).content.decode()
    # ({% cache %} names its entries template.cache."<fragment name>".<hash of what it varies on>)
    card_reads = [key for key in reads if key.startswith("template.cache.") and "team_cards" in key]
    # reach | attendance (live) | trend … continuity | follow_ups (live) | follow_ups_year …
    runs = sum(1 for i, key in enumerate(TEAM_CARDS) if key not in LIVE_CARDS
               and (i == 0 or list(TEAM_CARDS)[i - 1] in LIVE_CARDS))
    assert runs == 3 and len(card_reads) == runs
    masked = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+')
    assert masked.sub("", cached) == masked.sub("", computed)


def test_card_runs_keep_the_order_of_the_cards():
    from lob.dashboards.pages.team import CardSlot, card_runs

    slots = [CardSlot(key, live, lambda: None) for key, live in
             [("a", False), ("b", True), ("c", False), ("d", False), ("e", True), ("f", True)]]
    runs = card_runs(slots)
    assert [(run.live, run.key) for run in runs] == [
        (False, "a"), (True, "b"), (False, "c+d"), (True, "e+f")]
    assert [slot for run in runs for slot in run.slots] == slots
