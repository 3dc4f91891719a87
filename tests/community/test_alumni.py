"""The alumni pool: a former student joins by a one-time link with their consent, leaves by
their own link (data deleted at once) or when the term ends; counsellors of the college search
the pool and invite an alumnus to one of their group sessions."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from lob.community import alumni
from lob.community.models import Alumnus, AlumnusConsentEvent, AlumnusInvitation
from tests.factories.students import session_with

JOIN = {"current_work": "Doktersassistent in Utrecht", "sector": "Huisartsenzorg",
        "offers": ["talk", "visit"], "frequency": "yearly", "consent": "on"}


@pytest.fixture
def world(world_once_per_module):
    return world_once_per_module


def _link(body, kind):
    match = re.search(rf"https?://\S+/alumni/{kind}/(\S+)/", body)
    assert match, body
    return match.group(1)


def test_a_former_student_joins_by_link_and_leaves_by_their_own_link(client, world, login):
    response = login(world.counsellor).post(f"/community/alumni/ask/{world.former_student.pk}/")
    assert response.status_code == 302
    token = _link(mail.outbox[0].body, "join")
    assert mail.outbox[0].to == ["lotte.bakker@example.test"]
    client.logout()

    form = client.get(f"/alumni/join/{token}/")
    assert form.status_code == 200 and "Lotte" in form.content.decode()
    # Without consent nothing is kept.
    refused = client.post(f"/alumni/join/{token}/", {**JOIN, "consent": ""})
    assert "consent" in refused.context["form"].errors
    assert not Alumnus.objects.filter(student=world.former_student).exists()

    assert client.post(f"/alumni/join/{token}/", JOIN).status_code == 200
    alumnus = Alumnus.objects.get(student=world.former_student)
    assert (alumnus.offers_talk, alumnus.offers_visit, alumnus.offers_meet) == (True, True, False)
    assert client.get(f"/alumni/join/{token}/").status_code == 410  # once

    withdraw = _link(mail.outbox[1].body, "withdraw")
    assert client.get(f"/alumni/withdraw/{withdraw}/").status_code == 200
    assert client.post(f"/alumni/withdraw/{withdraw}/").status_code == 200
    assert not Alumnus.objects.filter(student=world.former_student).exists()
    assert list(AlumnusConsentEvent.objects.filter(student=world.former_student)
                .values_list("kind", flat=True)) == ["given", "withdrawn"]
    assert client.get(f"/alumni/withdraw/{withdraw}/").status_code == 410


def test_an_active_student_cannot_be_asked(world, login):
    world.team_student.email = "nog.actief@example.test"
    world.team_student.save()
    response = login(world.counsellor).post(f"/community/alumni/ask/{world.team_student.pk}/",
                                            follow=True)
    assert "oud-student" in response.content.decode()
    assert mail.outbox == []


def test_the_pool_is_searched_within_the_college(world, login):
    client = login(world.other_manager)  # another team, same college

    def names(query=""):
        return [a.student.first_name for a in client.get(f"/community/alumni/?{query}")
                .context["page"].object_list]

    assert names() == ["Daan"]
    assert names("sector=thuiszorg") == ["Daan"]
    assert names("offer=meet") == []
    assert names(f"programme={world.other_programme.pk}") == []
    assert login(world.foreign).get(f"/community/alumni/{world.alumnus.pk}/").status_code == 404


def test_the_term_ends_and_the_alumnus_is_removed(world, time_machine):
    time_machine.move_to(world.alumnus.expires_at + datetime.timedelta(minutes=1))
    assert alumni.purge_expired() >= 1
    assert not Alumnus.objects.filter(pk=world.alumnus.pk).exists()
    assert AlumnusConsentEvent.objects.filter(student=world.alumnus.student,
                                              kind="expired").exists()


def test_a_counsellor_invites_an_alumnus_to_their_group_session(world, login):
    session = session_with(world.student, world.team_student, counsellor=world.counsellor,
                           group=world.group, held_at=timezone.now() + datetime.timedelta(days=5))
    client = login(world.counsellor)
    response = client.post(f"/community/alumni/{world.alumnus.pk}/", {
        "session": session.pk, "message": "Wil je vertellen over de wijkzorg?"})
    assert response.status_code == 302
    invitation = AlumnusInvitation.objects.get()
    assert invitation.session == session
    assert mail.outbox[-1].to == ["daan@example.test"]
    assert "Wil je vertellen over de wijkzorg?" in mail.outbox[-1].body
    # Someone else's session is not a choice.
    other = session_with(world.other_team_student, counsellor=world.outsider,
                         group=world.other_group)
    client.post(f"/community/alumni/{world.alumnus.pk}/", {"session": other.pk, "message": "x"})
    assert AlumnusInvitation.objects.count() == 1
