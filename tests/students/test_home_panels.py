"""Home page panels: my follow-ups, students not seen, handover notes."""

import datetime

import pytest
from django.utils import timezone

from students.models import GuidanceSession
from tests.factories.students import FollowUpFactory, session_with

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
