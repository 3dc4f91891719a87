"""Erasure on request: after it, no row anywhere refers to the student except pseudonymised audit
rows (the LEC access log and the referral shell it needs, the privacy audit trail)."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from lec.models import AccessLog, Referral
from lob.privacy import graph
from lob.privacy.models import PrivacyEvent, PrivacyRequest
from students.models import Student
from tests.factories.students import FollowUpFactory, session_with

pytestmark = pytest.mark.django_db
MARKER = "MARKER-9d41c7-erase-me"


def lec_confirmed(world, request):
    """Sanne and her classmate have an open LEC case: the LEC lead confirms the erasure first
    (issue 15; tests/privacy/test_erasure_lec_confirmation.py)."""
    from lob.privacy.services import erasure_lec_confirm

    return erasure_lec_confirm(request_id=request.pk, user=world.lec_lead,
                               expected_version=request.version)


def _erase(client, request, confirm):
    return client.post(f"/privacy/requests/{request.pk}/erase/",
                       {"version": request.version, "confirm": confirm})


def _database_text() -> str:
    """Every text column of every table, for a search for what must be gone."""
    chunks = []
    with connection.cursor() as cursor:
        for model in graph.subject_models():
            table = model.model._meta.db_table
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.extend(str(row) for row in cursor.fetchall())
        for table in ["students_student", "django_admin_log"]:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
            chunks.extend(str(row) for row in cursor.fetchall())
    return "\n".join(chunks)


@pytest.fixture
def erasure_of_sanne(world):
    """An erasure request for Sanne, who has first-line records, a group session shared with a
    classmate, an LEC case with an access-log row, and an admin-log entry."""
    from lob.privacy.services import privacy_request_record

    # A marker in her name and in each kind of text about her, to search the database for.
    Student.objects.filter(pk=world.student.pk).update(first_name=f"Sanne {MARKER}")
    world.student.refresh_from_db()
    world.session.summary = f"Gesprek {MARKER}"
    world.session.save(update_fields=["summary"])
    Referral.objects.filter(pk=world.referral.pk).update(reason=f"Reden {MARKER}")
    world.referral.findings.update(description=f"Finding {MARKER}")
    world.group_session = session_with(world.student, world.team_student,
                                       counsellor=world.counsellor)
    FollowUpFactory(session=world.group_session, student=world.student, owner=world.counsellor)
    world.classmate_follow_up = FollowUpFactory(session=world.group_session,
                                                student=world.team_student,
                                                owner=world.counsellor)
    AccessLog.objects.create(user=world.lec_worker, referral=world.referral, action="view_case",
                             at=world.referral.referred_at)
    LogEntry.objects.log_actions(
        user_id=world.admin.pk, queryset=[world.student], action_flag=CHANGE, change_message="x")
    request = privacy_request_record(student=world.student, user=world.admin, kind="erasure",
                                     ground="student_request",
                                     received_on=world.referral.referred_at.date())
    return lec_confirmed(world, request)


def test_after_erasure_only_pseudonymised_audit_rows_refer_to_the_student(world, login,
                                                                          erasure_of_sanne):
    sid = world.student.pk
    response = _erase(login(world.admin), erasure_of_sanne, "100001")
    assert response.status_code == 302
    for sm in graph.subject_models():
        rows = sm.rows_for(sid)
        if sm.label in ("lec.accesslog", "lec.referral"):
            continue
        assert not rows.exists(), f"{sm.label} still refers to the erased student"
    # The referral stays only as the anchor of its access log: no free text left.
    shell = Referral.objects.get(pk=world.referral.pk)
    assert shell.reason == "" and shell.tried == "" and shell.concern_domains == []
    assert shell.eligibility_justification == ""
    assert not shell.findings.exists() and not shell.actions.exists() and not shell.notes.exists()
    assert AccessLog.objects.filter(referral=shell).count() == 1
    # ... and the student row it needs is a pseudonym.
    student = Student.objects.get(pk=sid)
    assert student.student_number == graph.subject_ref(sid)
    assert "Sanne" not in student.first_name + student.last_name
    assert not student.groups.exists()
    assert MARKER not in _database_text()


def test_erasure_keeps_the_classmates_share_of_a_group_session(world, login, erasure_of_sanne):
    _erase(login(world.admin), erasure_of_sanne, "100001")
    world.group_session.refresh_from_db()
    assert world.group_session.attendances.get().student == world.team_student
    assert world.classmate_follow_up.__class__.objects.filter(pk=world.classmate_follow_up.pk).exists()
    # Sanne's own individual session went with her.
    assert not world.session.__class__.objects.filter(pk=world.session.pk).exists()


def test_erasure_is_recorded_with_a_pseudonym_only(world, login, erasure_of_sanne):
    ref = graph.subject_ref(world.student.pk)
    _erase(login(world.admin), erasure_of_sanne, "100001")
    request = PrivacyRequest.objects.get(pk=erasure_of_sanne.pk)
    assert request.status == "done" and request.student is None and request.subject_ref == ref
    assert request.note == ""  # free text could name the student
    assert request.outcome["deleted"]["students.followup"] == 2
    event = PrivacyEvent.objects.get(action="erasure")
    assert event.subject_ref == ref and event.student is None and event.user == world.admin
    # The admin's history no longer names her.
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Student),
                                 object_id=str(world.student.pk))
    assert "Sanne" not in entry.object_repr


def test_a_student_without_audit_rows_is_deleted_outright(world, login):
    from lob.privacy.services import privacy_request_record

    # team_student: a referral (open) without access-log rows
    request = lec_confirmed(world, world.erasure_request)
    sid = world.team_student.pk
    assert _erase(login(world.admin), request, "100002").status_code == 302
    assert not Student.objects.filter(pk=sid).exists()
    assert privacy_request_record  # the request stays, pseudonymised
    assert PrivacyRequest.objects.get(pk=request.pk).student is None


@pytest.mark.parametrize("confirm", ["", "100002", " 10000 ", "Sanne"])
def test_a_wrong_confirmation_erases_nothing(world, login, erasure_of_sanne, confirm):
    response = _erase(login(world.admin), erasure_of_sanne, confirm)
    assert response.status_code == 400
    assert response.context["erasure_form"].errors
    assert Student.objects.get(pk=world.student.pk).first_name.startswith("Sanne")
    assert PrivacyRequest.objects.get(pk=erasure_of_sanne.pk).status == "open"
    assert not PrivacyEvent.objects.filter(action="erasure").exists()


def test_a_stale_form_erases_nothing(world, login, erasure_of_sanne):
    client = login(world.admin)
    response = client.post(f"/privacy/requests/{erasure_of_sanne.pk}/erase/",
                           {"version": erasure_of_sanne.version + 1, "confirm": "100001"})
    assert response.status_code == 400
    assert "in the meantime" in str(response.context["erasure_form"].non_field_errors()) or \
        "ondertussen" in str(response.context["erasure_form"].non_field_errors())
    assert Student.objects.get(pk=world.student.pk).first_name.startswith("Sanne")


def test_an_erased_request_cannot_be_carried_out_twice(world, login, erasure_of_sanne):
    client = login(world.admin)
    _erase(client, erasure_of_sanne, "100001")
    erasure_of_sanne.refresh_from_db()
    response = client.get(f"/privacy/requests/{erasure_of_sanne.pk}/")
    assert response.status_code == 200 and not response.context["can_act"]
