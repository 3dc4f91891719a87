"""The career dossier: writing reflections with evidence, uploads refused with a message and
nothing saved, files served only to who may read them, responses, progress, sharing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lob.dossier import selectors
from lob.dossier.models import Evidence, Reflection, Response
from lob.privacy.erasure import erase_records
from students.models import Competency
from tests.factories.portal_parts import (
    PDF_BYTES,
    PNG_BYTES,
    docx_bytes,
    file_evidence,
    pdf_upload,
    png_upload,
    reflection,
)
from tests.factories.students import session_with


def _write(client, competency="qualities", **data):
    return client.post(reverse("dossier:competency", args=[competency]),
                       {"text": "Ik kan goed plannen.", **data})


def test_a_student_writes_a_reflection_with_a_file_stored_privately(world, login):
    client = login(world.student_account)
    response = _write(client, file=png_upload("stage.png"), shared_with_guardians="on")
    assert response.status_code == 302
    made = Reflection.objects.get(student=world.student, text="Ik kan goed plannen.")
    assert made.shared_with_guardians
    evidence = made.evidence.get()
    assert evidence.original_name == "stage.png" and evidence.content_type == "image/png"
    # Stored under a random name in the student's folder of the private storage (no URL).
    assert evidence.file.name.startswith(f"{world.student.pk}/")
    assert "stage" not in evidence.file.name
    assert evidence.file.storage.exists(evidence.file.name)
    with pytest.raises(ValueError):
        evidence.file.url  # noqa: B018 - the storage has no public address
    # The student reads it back through the view, as a download.
    download = client.get(reverse("dossier:evidence", args=[evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PNG_BYTES


@pytest.mark.parametrize("upload, message", [
    (SimpleUploadedFile("groot.pdf", b"%PDF-" + b"0" * 2048), "too large"),
    (SimpleUploadedFile("script.exe", b"MZ\x90\x00"), "cannot upload this type"),
    (SimpleUploadedFile("nep.pdf", PNG_BYTES), "not a PDF file"),
    (SimpleUploadedFile("nep.png", PDF_BYTES), "not a PNG file"),
    (SimpleUploadedFile("zip.docx", b"PK\x03\x04" + b"\x00" * 40), "not a Word file"),
], ids=["too-large", "type", "pdf-is-png", "png-is-pdf", "zip-not-word"])
def test_a_bad_upload_is_refused_with_a_message_and_nothing_is_saved(
        world, login, settings, upload, message):
    settings.LOB_EVIDENCE_MAX_BYTES = 1024
    settings.LANGUAGE_CODE = "en"
    client = login(world.student_account)
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "en"})
    before = (Reflection.objects.count(), Evidence.objects.count())
    storage = Evidence._meta.get_field("file").storage
    folder_before = storage.listdir(str(world.student.pk))[1] if storage.exists(
        str(world.student.pk)) else []
    response = _write(client, file=upload, link="https://example.org")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Reflection.objects.count(), Evidence.objects.count()) == before
    folder_after = storage.listdir(str(world.student.pk))[1] if storage.exists(
        str(world.student.pk)) else []
    assert folder_after == folder_before


def test_a_real_word_document_is_accepted(world, login):
    client = login(world.student_account)
    upload = SimpleUploadedFile("cv.docx", docx_bytes())
    assert _write(client, file=upload).status_code == 302
    assert Evidence.objects.filter(original_name="cv.docx").exists()


def test_a_bad_link_is_refused_next_to_the_field(world, login):
    client = login(world.student_account)
    before = Reflection.objects.count()
    response = _write(client, link="javascript:alert(1)")
    assert response.status_code == 200
    assert response.context["form"].has_error("link")
    assert Reflection.objects.count() == before


def test_the_same_form_sent_twice_writes_one_reflection(world, login):
    import uuid

    client = login(world.student_account)
    token = str(uuid.uuid4())
    _write(client, submission_token=token)
    _write(client, submission_token=token)
    assert Reflection.objects.filter(student=world.student, text="Ik kan goed plannen.").count() == 1


def test_the_counsellor_responds_and_sees_progress_per_competency(world, login):
    session_with(world.student, counsellor=world.counsellor, comp_networking=True)
    client = login(world.counsellor)
    response = client.post(reverse("dossier:respond", args=[world.reflection.pk]),
                           {"text": "Mooi inzicht!"})
    assert response.status_code == 302
    assert Response.objects.get(reflection=world.reflection).author == world.counsellor
    progress = {p.competency: p for p in selectors.competency_progress(world.student)}
    assert progress[Competency.QUALITIES].reflections == 1
    assert progress[Competency.QUALITIES].responded == 1
    assert progress[Competency.NETWORKING].sessions == 1
    assert progress[Competency.WORK_EXPLORATION].reflections == 0
    page = client.get(reverse("dossier:student", args=[world.student.pk]))
    assert "Mooi inzicht!" in page.content.decode()
    # The student reads the response on their competency page, and the session that worked on
    # networking appears on that competency.
    student = login(world.student_account)
    assert "Mooi inzicht!" in student.get(reverse("dossier:competency",
                                                  args=["qualities"])).content.decode()
    networking = student.get(reverse("dossier:competency", args=["networking"]))
    assert len(networking.context["sessions"]) == 1


def test_the_staff_dossier_page_has_a_bounded_number_of_queries(world, login,
                                                               django_assert_max_num_queries):
    client = login(world.counsellor)
    for i in range(30):
        r = reflection(world.student, text=f"Reflectie {i}")
        Evidence.objects.create(reflection=r, link="https://example.org")
        Response.objects.create(reflection=r, author=world.counsellor, text="Ok")
    with django_assert_max_num_queries(30):
        assert client.get(reverse("dossier:student", args=[world.student.pk])).status_code == 200


def test_sharing_with_parents_takes_effect_at_once(world):
    from tests.factories.students import StudentFactory, guardian_account

    minor = StudentFactory(programme=world.programme,
                           date_of_birth=timezone.localdate() - datetime.timedelta(days=16 * 365))
    parent = guardian_account(minor, email="ouder.minor@example.test")
    kept = reflection(minor, text="Alleen voor mij")
    shared = reflection(minor, text="Voor mijn ouders", shared=True)
    assert list(selectors.reflections_shared_with_guardians(parent, minor)) == [shared]
    # Another parent's account sees nothing of this student.
    other_parent = guardian_account(world.team_student, email="ander@example.test")
    assert not selectors.reflections_shared_with_guardians(other_parent, minor).exists()
    from lob.dossier.services import reflection_share

    reflection_share(reflection=shared, shared=False)
    assert not selectors.reflections_shared_with_guardians(parent, minor).exists()
    assert kept.pk not in {r.pk for r in selectors.reflections_shared_with_guardians(parent, minor)}


def test_a_parent_opens_a_shared_file_of_a_minor_but_not_an_unshared_one(world, login):
    from tests.factories.students import StudentFactory, guardian_account

    minor = StudentFactory(programme=world.programme,
                           date_of_birth=timezone.localdate() - datetime.timedelta(days=16 * 365))
    parent = guardian_account(minor, email="ouder.minor2@example.test")
    shared = file_evidence(reflection(minor, shared=True), pdf_upload())
    private = file_evidence(reflection(minor), pdf_upload())
    client = login(parent)
    assert client.get(reverse("dossier:evidence", args=[shared.pk])).status_code == 200
    assert client.get(reverse("dossier:evidence", args=[private.pk])).status_code == 404


def test_removing_evidence_and_erasing_the_student_remove_the_stored_files(
        world, django_capture_on_commit_callbacks):
    storage = world.evidence.file.storage
    name = world.evidence.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        erase_records(world.student)
    assert not Evidence.objects.filter(pk=world.evidence.pk).exists()
    assert not storage.exists(name)


def test_one_staff_page_answers_two_reflections(world, login):
    import uuid

    client = login(world.counsellor)
    token = str(uuid.uuid4())  # the page's one token, on every reflection's form
    for target in (world.reflection, world.shared_reflection):
        client.post(reverse("dossier:respond", args=[target.pk]),
                    {"text": "Goed!", "submission_token": token})
        client.post(reverse("dossier:respond", args=[target.pk]),
                    {"text": "Goed!", "submission_token": token})  # sent twice
    assert Response.objects.filter(reflection=world.reflection).count() == 1
    assert Response.objects.filter(reflection=world.shared_reflection).count() == 1
