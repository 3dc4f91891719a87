"""Home page panels: my follow-ups, students not seen, handover notes."""

import datetime

import pytest
from django.utils import timezone

from students.models import Absence, GuidanceSession
from students.selectors import caseload
from tests.factories.students import (
    AssignmentFactory,
    FollowUpFactory,
    StudentFactory,
    session_with,
)

pytestmark = pytest.mark.usefixtures("english")


def test_counsellor_sees_follow_ups_and_not_seen_students(login, world):
    GuidanceSession.objects.filter(pk__in=[world.session.pk, world.locked_session.pk]).delete()
    old = session_with(world.student, counsellor=world.counsellor,
                       held_at=timezone.now() - datetime.timedelta(weeks=10))
    FollowUpFactory(session=old, student=world.student, owner=world.counsellor,
                    due_date=timezone.localdate() - datetime.timedelta(days=2),
                    description="Te laat: cv")
    response = login(world.counsellor).get("/")
    titles = [str(p.title) for p in response.context["panels"]]
    assert "My follow-ups" in titles and "Not seen for 8 weeks" in titles
    html = response.content.decode()
    assert "Te laat: cv" in html and world.student.full_name in html
    assert "/students/caseload/?flag=not_seen" in html


def test_navigation_per_role(login, world):
    def labels(user):
        return [str(i.label) for i in login(user).get("/").context["nav_items"]]

    assert "My students" in labels(world.counsellor)
    assert "Follow-ups" in labels(world.care_coordinator)
    assert "My students" not in labels(world.manager) and "Groups" in labels(world.manager)
    assert "Follow-ups" not in labels(world.director)


def test_the_homes_alert_panels_list_what_the_caseloads_flags_list(login, world):
    """The home reads only two figures of the caseload (`caseload_alerts`); its panels still
    name the students, in the order and the numbers, of the caseload page's filters."""
    now, today = timezone.now(), timezone.localdate()

    def mine(**kwargs):
        student = StudentFactory(programme=world.programme, **kwargs)
        AssignmentFactory(student=student, counsellor=world.counsellor)
        return student

    def absent(student, *days_ago):
        Absence.objects.bulk_create(
            Absence(student=student, date=today - datetime.timedelta(days=n)) for n in days_ago)

    for weeks in (1, 9, 12, 20):  # seen lately, and three not seen for longer and longer
        session_with(mine(), counsellor=world.counsellor, held_at=now - datetime.timedelta(weeks=weeks))
    mine()  # never seen
    session_with(mine(), world.student, counsellor=world.counsellor)  # a group session only
    absent(mine(), 1, 2, 3, 4)  # above the threshold
    rising = mine()
    absent(rising, 1, 2, 40)  # fewer days, but rising
    absent(mine(), 1, 40, 41)  # as many as before: no alert

    panels = {p.template: p.context for p in login(world.counsellor).get("/").context["panels"]}
    for template, flag, sort in [("students/panels/not_seen.html", "not_seen", "last_session"),
                                 ("students/panels/absence.html", "absence", "absence")]:
        flagged = caseload(world.counsellor, flag=flag, sort=sort)
        assert len(flagged) >= 2
        assert panels[template]["count"] == len(flagged)
        assert [s.pk for s in panels[template]["rows"]] == [s.pk for s in flagged[:5]]
    assert rising.pk in {s.pk for s in panels["students/panels/absence.html"]["rows"]}
