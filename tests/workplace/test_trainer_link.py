"""The praktijkopleider's one-time link: one form, the student's first name only, once, until it
expires or is revoked; every use logged; the answer on the student's timeline for the first
line."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from lob.workplace.models import PlacementReport, TrainerLinkEvent, TrainerRequest

ANSWER = {"attendance": "3", "attitude": "4", "progress": "2",
          "remarks": "Werkt zorgvuldig, mag meer vragen stellen."}


@pytest.fixture
def world(world_once_per_module):
    return world_once_per_module


def _url(world):
    return f"/praktijk/{world.trainer_token}/"


def _outcomes(world):
    return list(TrainerLinkEvent.objects.filter(request=world.trainer_request)
                .values_list("outcome", flat=True))


def test_the_link_shows_one_form_with_the_first_name_only(client, world):
    response = client.get(_url(world))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sanne" in html and world.company.name in html
    for hidden in ("de Vries", world.student.student_number, world.counsellor.email,
                   "/students/", "/workplace/"):
        assert hidden not in html, hidden
    assert _outcomes(world) == ["shown"]


def test_an_answer_lands_on_the_timeline_and_the_link_then_answers_410(client, world, login):
    response = client.post(_url(world), ANSWER)
    assert response.status_code == 200 and b"trainer-thanks" in response.content
    report = PlacementReport.objects.get()
    assert (report.attendance, report.attitude, report.progress) == (3, 4, 2)
    assert report.student == world.student
    world.trainer_request.refresh_from_db()
    assert world.trainer_request.answered_at is not None

    again = client.get(_url(world))
    assert again.status_code == 410
    assert "Dit formulier is al ingevuld" in again.content.decode()
    assert client.post(_url(world), ANSWER).status_code == 410
    assert PlacementReport.objects.count() == 1
    assert _outcomes(world) == ["answered", "used", "used"]

    page = login(world.counsellor).get(f"/students/{world.student.pk}/").content.decode()
    assert "Werkt zorgvuldig, mag meer vragen stellen." in page


def test_the_report_is_first_line_content_not_for_register_roles(client, world, login):
    client.post(_url(world), ANSWER)
    for user in (world.director, world.lec_worker):
        page = login(user).get(f"/students/{world.student.pk}/").content.decode()
        assert "Werkt zorgvuldig" not in page


def test_an_incomplete_answer_says_what_is_missing_and_saves_nothing(client, world):
    response = client.post(_url(world), {"attendance": "3", "remarks": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"attitude", "progress"}
    assert not PlacementReport.objects.exists()
    world.trainer_request.refresh_from_db()
    assert world.trainer_request.answered_at is None
    assert _outcomes(world) == ["invalid"]


def test_an_expired_link_answers_410(client, world, time_machine):
    time_machine.move_to(world.trainer_request.expires_at + datetime.timedelta(seconds=1))
    response = client.get(_url(world))
    assert response.status_code == 410
    assert client.post(_url(world), ANSWER).status_code == 410
    assert not PlacementReport.objects.exists()
    assert _outcomes(world) == ["expired", "expired"]


def test_a_revoked_link_answers_410(client, world, login):
    counsellor = login(world.counsellor)
    response = counsellor.post(f"/workplace/requests/{world.trainer_request.pk}/revoke/")
    assert response.status_code == 302
    client.logout()
    assert client.get(_url(world)).status_code == 410
    assert _outcomes(world) == ["revoked"]


def test_an_unknown_link_answers_404(client, world):
    assert client.get("/praktijk/not-a-token-we-ever-made/").status_code == 404


def test_a_counsellor_asks_by_email_and_the_mailed_link_works(client, world, login):
    TrainerRequest.objects.all().delete()
    response = login(world.counsellor).post(f"/workplace/{world.placement.pk}/ask-trainer/")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["marieke@delinde.test"]
    assert "Sanne" in message.subject and "de Vries" not in message.body
    link = re.search(r"https?://\S+/praktijk/(\S+)/", message.body)
    assert link, message.body
    token = link.group(1)
    request = TrainerRequest.objects.get()
    assert token not in request.token_hash  # only the hash is stored
    client.logout()
    assert client.get(f"/praktijk/{token}/").status_code == 200

    # While it is open a second request is refused, and nothing more is sent.
    again = login(world.counsellor).post(f"/workplace/{world.placement.pk}/ask-trainer/",
                                         follow=True)
    assert "al een openstaande vraag" in again.content.decode()
    assert TrainerRequest.objects.count() == 1 and len(mail.outbox) == 1


def test_when_the_mail_server_refuses_no_request_is_kept(world, login, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    TrainerRequest.objects.all().delete()
    response = login(world.counsellor).post(f"/workplace/{world.placement.pk}/ask-trainer/",
                                            follow=True)
    assert response.status_code == 200
    assert not TrainerRequest.objects.exists()
    assert "De e-mail kon niet worden verstuurd" in response.content.decode()


def test_the_service_takes_one_answer_per_link(world):
    from lob.workplace import services

    first = services.trainer_report_submit(request=world.trainer_request, attendance=3,
                                           attitude=3, progress=3, remarks="")
    second = services.trainer_report_submit(request=world.trainer_request, attendance=1,
                                            attitude=1, progress=1, remarks="")
    assert first is not None and second is None
    assert PlacementReport.objects.count() == 1


def test_requests_keep_only_an_expiry_in_the_future(world):
    assert world.trainer_request.expires_at > timezone.now()
    assert world.trainer_request.state() == "open"
