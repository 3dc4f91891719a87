"""A counsellor invites an alumnus from the pool to one of their group sessions."""

import datetime

from django.core import mail
from django.utils import timezone

from lob.community.models import AlumnusInvitation
from tests.e2e.conftest import log_in
from tests.factories.staff import PASSWORD
from tests.factories.students import session_with


def test_a_counsellor_invites_an_alumnus_to_a_group_session(page, world):
    session = session_with(world.student, world.team_student, counsellor=world.counsellor,
                           group=world.group, held_at=timezone.now() + datetime.timedelta(days=4))
    log_in(page, world.counsellor.email, PASSWORD)
    page.get_by_role("link", name="Alumni").click()
    page.fill("input[name=sector]", "thuiszorg")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Daan Smit").click()
    page.select_option("select[name=session]", str(session.pk))
    page.fill("textarea[name=message]", "Wil je vertellen hoe het is in de wijkzorg?")
    page.get_by_test_id("invite-alumnus").click()
    assert "De uitnodiging is verstuurd." in page.get_by_role("status").first.inner_text()
    assert "LOB VIG 1A" in page.get_by_test_id("alumnus-invitations").inner_text()
    assert AlumnusInvitation.objects.get().session == session
    assert mail.outbox[-1].to == ["daan@example.test"]
