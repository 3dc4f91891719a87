"""The staff file from HR: accounts created, updated and switched off, all or nothing; care-data
roles only through a second person's approval."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lob.privacy.models import EventAction, PrivacyEvent
from staff.importer import import_staff_file, switch_off_leavers
from staff.models import GrantStatus, RoleGrantRequest, StaffImportJob, TeamMembership, User
from staff.services.grants import role_grant_decide
from staff.services.staff_import import staff_import_process, staff_import_submit
from tests.factories.staff import CollegeFactory, TeamFactory, UserFactory, member
from tests.privacy.twofactor import log_in

pytestmark = pytest.mark.django_db

HEADER = "email;first_name;last_name;college;team;roles;start_date;end_date"
TODAY = datetime.date.today()
PAST = (TODAY - datetime.timedelta(days=1)).isoformat()
FUTURE = (TODAY + datetime.timedelta(days=365)).isoformat()


@pytest.fixture
def world():
    college = CollegeFactory(name="MBO College West", short_name="west")
    other = CollegeFactory(name="MBO College Noord", short_name="noord")
    zorg = TeamFactory(college=college, name="Zorg", code="zorg")
    techniek = TeamFactory(college=college, name="Techniek", code="techniek")
    admin = UserFactory(email="beheer@west.example", college=college, roles=["admin"])
    lead = UserFactory(email="lec.lead@west.example", college=college, roles=["lec_lead"])
    return type("World", (), {"college": college, "other": other, "zorg": zorg,
                              "techniek": techniek, "admin": admin, "lead": lead})


def csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def run(world, raw: bytes, **kwargs):
    return import_staff_file(raw, world.college, by=world.admin, source="hr.csv", **kwargs)


def roles_of(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_a_file_creates_accounts_with_their_team_and_college_roles(world):
    result = run(world, csv(
        "Ria.Vos@west.example;Ria;Vos;MBO College West;zorg|techniek;loopbaanbegeleider;2020-08-01;",
        f"piet@west.example;Piet;Jansen;west;zorg;opleidingsmanager|P&O;01-08-2019;{FUTURE}",
    ))
    assert result.ok, [e.messages for e in result.errors]
    assert (result.created, result.updated, result.deactivated) == (2, 0, 0)
    ria = User.objects.get(email="ria.vos@west.example")
    assert ria.college == world.college and ria.is_active
    assert not ria.has_usable_password()
    assert ria.employment_start == datetime.date(2020, 8, 1) and ria.employment_end is None
    assert roles_of(ria) == {"counsellor"}
    assert set(ria.memberships.values_list("team__code", "role")) == {
        ("zorg", "counsellor"), ("techniek", "counsellor")}
    piet = User.objects.get(email="piet@west.example")
    assert roles_of(piet) == {"manager", "hr"}
    assert set(piet.memberships.values_list("team__code", "role")) == {("zorg", "manager")}


def test_a_second_file_updates_names_and_makes_the_roles_those_of_the_file(world):
    run(world, csv("ria@west.example;Ria;Vos;west;zorg;counsellor|hr;2020-08-01;"))
    result = run(world, csv("ria@west.example;Ria;van Vos;west;techniek;care_coordinator;2020-08-01;"))
    assert result.ok and (result.created, result.updated) == (0, 1)
    ria = User.objects.get(email="ria@west.example")
    assert ria.last_name == "van Vos"
    assert roles_of(ria) == {"care_coordinator"}
    assert set(ria.memberships.values_list("team__code", "role")) == {("techniek", "care_coordinator")}


def test_a_file_with_one_bad_row_changes_nothing_and_names_every_bad_row(world):
    UserFactory(email="elders@noord.example", college=world.other)
    users = User.objects.count()
    result = run(world, csv(
        "ok@west.example;Ok;Person;west;zorg;counsellor;2020-08-01;",
        "not-an-address;A;B;west;zorg;counsellor;2020-08-01;",
        "x@west.example;X;Y;MBO College Noord;zorg;counsellor;2020-08-01;",
        "y@west.example;Y;Z;west;onbekend;counsellor;2020-08-01;",
        "z@west.example;Z;Z;west;zorg;astronaut;2020-08-01;",
        "w@west.example;W;W;west;zorg;counsellor;2020-08-01;2019-01-01",
        "OK@west.example;Dub;Bel;west;zorg;counsellor;2020-08-01;",
        "elders@noord.example;E;N;west;zorg;counsellor;2020-08-01;",
        "t@west.example;T;T;west;;manager;2020-08-01;",
    ))
    assert not result.ok
    report = {e.line: " ".join(e.messages) for e in result.errors}
    assert set(report) == {3, 4, 5, 6, 7, 8, 9, 10}
    assert "not an e-mail address" in report[3]
    assert "not your college" in report[4]
    assert "team “onbekend” does not exist" in report[5]
    assert "role “astronaut” does not exist" in report[6]
    assert "end date is before the start date" in report[7]
    assert "also appears on line 2" in report[8]
    assert "another college" in report[9]
    assert "team column is empty" in report[10]
    assert User.objects.count() == users


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_the_encodings_of_the_student_import(world, encoding):
    text = (f"{HEADER}\r\nzoe@west.example;Zoë;Çelik-Müller;west;zorg;Zorgcoördinator;"
            "2020-08-01;\r\n")
    result = run(world, text.encode(encoding))
    assert result.ok, [e.messages for e in result.errors]
    zoe = User.objects.get(email="zoe@west.example")
    assert (zoe.first_name, zoe.last_name) == ("Zoë", "Çelik-Müller")
    assert roles_of(zoe) == {"care_coordinator"}


def test_care_data_roles_become_requests_for_a_second_person(world, client):
    result = run(world, csv("lec@west.example;Lea;Ec;west;zorg;LEC-medewerker|counsellor;2020-08-01;"))
    assert result.ok
    lea = User.objects.get(email="lec@west.example")
    assert roles_of(lea) == {"counsellor"}  # not lec_worker: that waits for approval
    grant = RoleGrantRequest.objects.get(user=lea)
    assert (grant.role, grant.status, grant.requested_by, grant.requested_via) == (
        "lec_worker", GrantStatus.PENDING, world.admin, "hr.csv")
    assert result.grant_requests == [[2, "lec@west.example", "lec_worker"]]
    assert PrivacyEvent.objects.filter(action=EventAction.ROLE_REQUESTED, grantee=lea).exists()
    # The same file again asks nothing twice.
    assert run(world, csv("lec@west.example;Lea;Ec;west;zorg;LEC-medewerker|counsellor;2020-08-01;")).grant_requests == []
    # Shown on the approver's page, with where it came from; approved by a second person.
    log_in(client, world.lead)
    page = client.get("/privacy/role-requests/").content.decode()
    assert "lec@west.example" in page and 'data-testid="requested-via"' in page
    role_grant_decide(grant_request_id=grant.pk, by=world.lead, approve=True)
    assert roles_of(lea) == {"counsellor", "lec_worker"}


def test_the_uploader_cannot_approve_what_the_import_asked(world):
    run(world, csv("adm2@west.example;A;Dmin;west;;admin;2020-08-01;"))
    grant = RoleGrantRequest.objects.get(user__email="adm2@west.example")
    with pytest.raises(PermissionDenied):  # the requester never decides
        role_grant_decide(grant_request_id=grant.pk, by=world.admin, approve=True)
    assert not Group.objects.get(name="admin").user_set.filter(email="adm2@west.example").exists()


def test_an_ended_employment_switches_the_account_off_and_takes_its_care_roles(world):
    worker = UserFactory(email="weg@west.example", college=world.college, roles=["lec_worker"])
    member(worker, world.zorg, "counsellor")
    result = run(world, csv(f"weg@west.example;Wim;Weg;west;zorg;counsellor|lec_worker;2019-08-01;{PAST}"))
    assert result.ok and result.deactivated == 1 and result.revoked == 1
    worker.refresh_from_db()
    assert not worker.is_active
    assert "lec_worker" not in roles_of(worker)
    assert PrivacyEvent.objects.filter(action=EventAction.ROLE_REVOKED, grantee=worker).exists()
    assert not RoleGrantRequest.objects.filter(user=worker).exists()


def test_a_switched_off_accounts_pending_role_requests_are_withdrawn(world):
    assert run(world, csv("lea@west.example;Lea;Ec;west;;lec_worker;2020-08-01;")).grant_requests
    assert run(world, csv(f"lea@west.example;Lea;Ec;west;;lec_worker;2020-08-01;{PAST}")).ok
    grant = RoleGrantRequest.objects.get(user__email="lea@west.example")
    assert grant.status == GrantStatus.REJECTED and grant.decided_by is None
    assert PrivacyEvent.objects.filter(action=EventAction.ROLE_REJECTED,
                                       grantee=grant.user).exists()


def test_a_deactivated_users_session_ends_and_the_password_no_longer_works(world, client):
    from tests.factories.staff import PASSWORD

    leaver = UserFactory(email="weg@west.example", college=world.college, roles=["counsellor"])
    log_in(client, leaver)
    assert client.get("/").status_code == 200
    assert run(world, csv(f"weg@west.example;Wim;Weg;west;;;2019-08-01;{PAST}")).ok
    # The remembered session: its very next request is anonymous.
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    # The password.
    client.logout()
    response = client.post("/accounts/login/", {"username": leaver.email, "password": PASSWORD})
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
    assert client.get("/").status_code == 302


def test_a_rehired_person_is_switched_on_again(world):
    UserFactory(email="terug@west.example", college=world.college, is_active=False)
    result = run(world, csv("terug@west.example;Tom;Terug;west;;;2026-01-01;"))
    assert result.ok and result.reactivated == 1
    assert User.objects.get(email="terug@west.example").is_active


def test_a_full_export_switches_off_the_accounts_it_does_not_list(world):
    gone = UserFactory(email="vergeten@west.example", college=world.college, roles=["counsellor"])
    elsewhere = UserFactory(email="noord@noord.example", college=world.other)
    rows = ["beheer@west.example;Bea;Heer;west;;admin;2018-01-01;",
            "lec.lead@west.example;Lee;Lead;west;;lec_lead;2018-01-01;"]
    assert run(world, csv(*rows)).deactivated == 0  # not a full export: nobody switched off
    result = run(world, csv(*rows), full_export=True)
    assert result.ok and result.deactivated == 1
    gone.refresh_from_db()
    elsewhere.refresh_from_db()
    assert not gone.is_active and elsewhere.is_active


def test_a_full_export_without_the_uploader_is_refused(world):
    from common.imports import ImportRefused

    with pytest.raises(ImportRefused, match="your own account"):
        run(world, csv("lec.lead@west.example;Lee;Lead;west;;lec_lead;2018-01-01;"),
            full_export=True)
    assert User.objects.get(email="lec.lead@west.example").is_active


def test_the_uploader_cannot_switch_off_or_demote_themselves(world):
    result = run(world, csv(f"beheer@west.example;Bea;Heer;west;;admin;2018-01-01;{PAST}",
                            "lec.lead@west.example;Lee;Lead;west;;lec_lead;2018-01-01;"))
    assert not result.ok and "your own account" in " ".join(result.errors[0].messages)
    result = run(world, csv("beheer@west.example;Bea;Heer;west;;hr;2018-01-01;"))
    assert not result.ok and "administrator role" in " ".join(result.errors[0].messages)
    assert User.objects.get(email="beheer@west.example").is_active


def test_the_subject_column_links_the_sign_in(world):
    header = HEADER + ";sso_subject"
    assert run(world, csv("s@west.example;S;S;west;;;2020-01-01;;surf-77", header=header)).ok
    assert User.objects.get(email="s@west.example").oidc_subject == "surf-77"
    result = run(world, csv("t@west.example;T;T;west;;;2020-01-01;;surf-77", header=header))
    assert not result.ok and "belongs to another account" in " ".join(result.errors[0].messages)


def test_the_nightly_task_switches_off_leavers(world):
    stays = UserFactory(college=world.college, employment_end=TODAY)
    leaves = UserFactory(college=world.college, employment_end=TODAY - datetime.timedelta(days=1))
    assert switch_off_leavers() == 1
    stays.refresh_from_db()
    leaves.refresh_from_db()
    assert stays.is_active and not leaves.is_active


def test_the_job_reports_progress_and_outcome(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job, new = staff_import_submit(
            college_id=world.college.pk, user=world.admin, file_name="hr.csv",
            content=csv("a@west.example;A;A;west;zorg;counsellor|lec_worker;2020-01-01;"),
            full_export=False, enqueue=lambda job_id: staff_import_process(job_id=job_id))
    assert new
    job.refresh_from_db()
    assert job.status == StaffImportJob.Status.DONE
    assert (job.total_rows, job.processed_rows, job.content) == (1, 1, b"")
    assert job.summary["created"] == 1
    assert job.summary["grant_requests"] == [[2, "a@west.example", "lec_worker"]]


def test_the_upload_page_imports_and_shows_the_report(world, client,
                                                      django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    log_in(client, world.admin)
    assert client.get("/staff/import/").status_code == 200
    upload = SimpleUploadedFile("hr.csv", csv("a@west.example;A;A;west;zorg;counsellor|admin;2020-01-01;"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staff/import/", {"file": upload})
    assert response.status_code == 302
    job = StaffImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="staff-import-done"' in page and 'data-testid="staff-import-grants"' in page
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="import-progress"')
    bad = SimpleUploadedFile("bad.csv", csv("a@west.example;A;A;west;geen-team;counsellor;2020-01-01;"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staff/import/", {"file": bad})
    page = client.get(response["Location"]).content.decode()
    assert "geen-team" in page
    assert StaffImportJob.objects.exclude(pk=job.pk).get().status == "failed"
    assert TeamMembership.objects.filter(user__email="a@west.example").count() == 1


def test_an_import_is_bounded_by_the_uploaders_college(world, client):
    UserFactory(email="noord-admin@noord.example", college=world.other, roles=["admin"])
    job = StaffImportJob.objects.create(college=world.college, uploaded_by=world.admin,
                                        file_name="hr.csv", content=b"", status="done",
                                        finished_at=timezone.now())
    log_in(client, User.objects.get(email="noord-admin@noord.example"))
    assert client.get(f"/staff/import/{job.pk}/").status_code == 404


def test_students_and_parents_accounts_are_never_touched_by_the_staff_import(world):
    """A full export of HR lists staff only: the portal's accounts stay as they are, a row
    naming one is refused, and the portal roles cannot be given by the file."""
    student = UserFactory(email="leerling@student.west.example", college=world.college,
                          roles=["student"])
    parent = UserFactory(email="ouder@example.nl", college=world.college, roles=["guardian"])
    rows = ["beheer@west.example;Bea;Heer;west;;admin;2018-01-01;",
            "lec.lead@west.example;Lee;Lead;west;;lec_lead;2018-01-01;"]
    result = run(world, csv(*rows), full_export=True)
    assert result.ok and result.deactivated == 0
    student.refresh_from_db()
    parent.refresh_from_db()
    assert student.is_active and parent.is_active

    refused = run(world, csv(*rows, "ouder@example.nl;Petra;Vries;west;zorg;counsellor;2020-01-01;",
                             "nieuw@west.example;Nina;Nieuw;west;;student;2020-01-01;"))
    assert not refused.ok
    messages = " ".join(m for e in refused.errors for m in e.messages)
    assert "portaalaccount" in messages or "portal account" in messages
    assert "student" in messages
    assert roles_of(parent) == {"guardian"}
    assert not User.objects.filter(email="nieuw@west.example").exists()


def test_the_job_page_counts_the_rows_written_while_the_write_runs(world, client, monkeypatch):
    import re

    from django.utils import translation

    from common.imports import report_written
    from staff.importer import writing
    from staff.services import staff_import

    monkeypatch.setattr(writing, "BATCH", 1)
    job = StaffImportJob.objects.create(
        college=world.college, uploaded_by=world.admin, file_name="hr.csv",
        content=csv("a@west.example;A;A;west;zorg;counsellor;2020-01-01;",
                    "b@west.example;B;B;west;zorg;counsellor;2020-01-01;"))
    log_in(client, world.admin)
    shown = []

    def report_and_look(model, job_id, done):  # the page as it polls while rows are written
        report_written(model, job_id, done)
        with translation.override("nl"):
            body = client.get(f"/staff/import/{job_id}/", HTTP_HX_REQUEST="true").content.decode()
        shown.append(re.search(r"— ([^<]*)</p>", body).group(1))

    monkeypatch.setattr(staff_import, "report_written", report_and_look)
    staff_import_process(job_id=job.pk)
    assert shown == ["0 van 2 regels weggeschreven", "1 van 2 regels weggeschreven",
                     "2 van 2 regels weggeschreven"]
    job.refresh_from_db()
    assert job.status == StaffImportJob.Status.DONE
