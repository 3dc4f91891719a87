"""Issue 16: the charts read like the tables and nothing is cut off — the standards chart
wrote "2.3" where the table wrote "2,3" and cut its labels, the college view's x-axis labels
overlapped, and its 16-column table was cut off on the right."""

from lob.dashboards.services import dashboard_refresh
from staff.models import Criterion, Standard, StandardAssessment
from tests.dashboards import data
from tests.e2e.conftest import log_in
from tests.factories.staff import PASSWORD, TeamFactory

LONG_STANDARD = "Professionalisering van competenties en teamontwikkeling"
LONG_TEAMS = ["Maatschappelijke Zorg en Welzijn", "Verpleging en Verzorging",
              "Gezondheidszorg en Techniek", "Pedagogisch Werk Kinderopvang", "Sport en Bewegen"]


def _world():
    d = data.build()
    long = Standard.objects.create(college=d.college, code="prof", name=LONG_STANDARD, order=5)
    criterion = Criterion.objects.create(standard=long, text="C", order=1)
    StandardAssessment.objects.create(team=d.team, school_year=data.YEAR, criterion=criterion,
                                      score=2)
    for i, name in enumerate(LONG_TEAMS):
        TeamFactory(college=d.college, name=name, code=f"lang{i}")
    dashboard_refresh(school_year=data.YEAR)
    return d


def test_charts_use_the_decimal_comma_and_cut_no_label(page, db):
    d = _world()
    log_in(page, d.director.email, PASSWORD)
    page.goto(f"/dashboards/team/{d.team.pk}/?year={data.YEAR}")
    chart = page.locator("#table-standards svg.lob-chart")
    values = chart.locator("text[data-value]").all_text_contents()
    assert "3,5" in values and not any("." in v for v in values)  # Intake: 3 and 4
    label = chart.locator(f'text[data-label="{LONG_STANDARD}"]')
    assert " ".join(label.locator("tspan").all_text_contents()) == LONG_STANDARD
    # Every label lies inside the drawing (none runs off its left edge).
    assert page.evaluate("""() => {
        const svg = document.querySelector('#table-standards svg.lob-chart');
        const box = svg.getBoundingClientRect();
        return Array.from(svg.querySelectorAll('text[data-label]')).every(t => {
            const r = t.getBoundingClientRect();
            return r.left >= box.left - 1 && r.right <= box.right + 1;
        });
    }""")


def test_college_view_labels_do_not_overlap_and_the_wide_table_scrolls(page, db):
    d = _world()
    log_in(page, d.director.email, PASSWORD)
    page.goto(f"/dashboards/college/{d.college.pk}/?year={data.YEAR}")
    labels = page.locator("svg.lob-chart text.lob-x-label")
    assert set(labels.all_text_contents()) >= set(LONG_TEAMS)  # whole names, none cut
    # Neighbouring labels: side by side without overlap, or, set at the same angle, at
    # least a line's height apart across their direction.
    assert page.evaluate("""() => {
        const ts = Array.from(document.querySelectorAll('svg.lob-chart text.lob-x-label'));
        for (let i = 0; i + 1 < ts.length; i++) {
            const a = ts[i].getBBox(), b = ts[i + 1].getBBox();
            const m = /rotate\\((-?[0-9.]+)/.exec(ts[i].getAttribute('transform') || '');
            if (m) {
                const angle = Math.abs(parseFloat(m[1])) * Math.PI / 180;
                const dx = parseFloat(ts[i + 1].getAttribute('x')) - parseFloat(ts[i].getAttribute('x'));
                if (dx * Math.sin(angle) < Math.min(a.height, b.height) * 0.9) return false;
            } else if (a.x + a.width > b.x + 1) return false;
        }
        return true;
    }"""), "x-axis labels overlap"

    wrapper = page.locator("#table-teams .lob-wide-table")
    assert page.get_by_test_id("scroll-hint").is_visible()
    assert wrapper.evaluate("e => e.scrollWidth > e.clientWidth")  # 16 columns: it scrolls
    wrapper.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    box = wrapper.bounding_box()
    last = page.locator("[data-testid=table-teams] thead th").last.bounding_box()
    first = page.locator("[data-testid=table-teams] thead th").first.bounding_box()
    assert last["x"] + last["width"] <= box["x"] + box["width"] + 1  # the last column in view
    assert first["x"] >= box["x"] - 1  # and the team column still beside it
