"""Portal accounts made from the register (the service the import and the admin call), closed
when a student leaves, and the college-scoped admin of guardians."""

import datetime
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from staff.models import User
from staff.roles import Role
from students.models import Guardian, Student, StudentStatus
from students.services.portal import portal_accounts_sync
from tests.factories.students import StudentFactory


@pytest.fixture
def world(world_once_per_module):
    return world_once_per_module


def _leave(student, status):
    Student.objects.filter(pk=student.pk).update(
        status=status, end_date=max(student.start_date, timezone.localdate()))


@pytest.fixture
def newcomer(world):
    student = StudentFactory(programme=world.programme, first_name="Noor", last_name="Aydin",
                             email="noor.aydin@student.west.test",
                             date_of_birth=datetime.date(2010, 5, 1))
    Guardian.objects.create(student=student, first_name="Ayse", last_name="Aydin",
                            email="ayse.aydin@example.test")
    Guardian.objects.create(student=student, last_name="Zonder Mail")
    return student


def test_an_active_student_and_their_guardian_get_portal_accounts(newcomer):
    counts = portal_accounts_sync(students=[newcomer])
    newcomer.refresh_from_db()
    account = newcomer.account
    assert account.email == "noor.aydin@student.west.test"
    assert account.college_id == newcomer.college_id
    assert account.roles == {Role.STUDENT} and account.is_portal_user
    assert not account.has_usable_password()  # the first sign-in is by link
    parent = Guardian.objects.get(student=newcomer, email="ayse.aydin@example.test").account
    assert parent.roles == {Role.GUARDIAN} and parent.is_portal_user
    assert Guardian.objects.get(student=newcomer, last_name="Zonder Mail").account is None
    assert counts["student_created"] == 1 and counts["guardian_created"] == 1


def test_running_it_again_changes_nothing(newcomer):
    portal_accounts_sync(students=[newcomer])
    counts = portal_accounts_sync(students=[newcomer])
    assert sum(counts.values()) == 0


def test_one_parent_of_two_students_has_one_account(world, newcomer):
    sibling = StudentFactory(programme=world.programme, email="sibling@student.west.test")
    Guardian.objects.create(student=sibling, last_name="Aydin", email="AYSE.aydin@example.test")
    portal_accounts_sync(students=[newcomer, sibling])
    accounts = set(Guardian.objects.filter(email__iexact="ayse.aydin@example.test")
                   .values_list("account_id", flat=True))
    assert len(accounts) == 1 and None not in accounts


def test_an_address_of_a_staff_account_is_never_taken_over(world):
    student = StudentFactory(programme=world.programme, email=world.counsellor.email)
    Guardian.objects.create(student=student, last_name="X", email=world.lec_worker.email)
    counts = portal_accounts_sync(students=[student])
    student.refresh_from_db()
    assert student.account is None
    assert Guardian.objects.get(student=student).account is None
    assert counts["conflict"] == 2
    assert not world.counsellor.groups.filter(name=Role.STUDENT).exists()


def test_a_student_who_leaves_is_signed_out_and_closed(world, login, newcomer):
    portal_accounts_sync(students=[newcomer])
    newcomer.refresh_from_db()
    client = login(newcomer.account)
    assert client.get("/portal/").status_code == 200
    _leave(newcomer, StudentStatus.DROPPED_OUT)
    counts = portal_accounts_sync(students=[newcomer])
    assert counts["student_closed"] == 1 and counts["guardian_closed"] == 1
    newcomer.account.refresh_from_db()
    assert not newcomer.account.is_active
    # The session that was open ends: the next page asks for a login.
    response = client.get("/portal/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    # Back in the register: the same account opens again.
    Student.objects.filter(pk=newcomer.pk).update(status=StudentStatus.ACTIVE, end_date=None)
    portal_accounts_sync(students=[newcomer])
    newcomer.account.refresh_from_db()
    assert newcomer.account.is_active


def test_a_guardian_account_stays_open_while_another_child_is_active(world, newcomer):
    sibling = StudentFactory(programme=world.programme)
    Guardian.objects.create(student=sibling, last_name="Aydin", email="ayse.aydin@example.test")
    portal_accounts_sync(students=[newcomer, sibling])
    _leave(newcomer, StudentStatus.GRADUATED)
    portal_accounts_sync(students=[newcomer])
    parent = Guardian.objects.filter(student=sibling).first().account
    parent.refresh_from_db()
    assert parent.is_active


def test_the_admin_action_makes_accounts_for_the_chosen_students(world, login, newcomer):
    client = login(world.admin)
    response = client.post("/admin/students/student/", {
        "action": "sync_portal_accounts", "_selected_action": [newcomer.pk]}, follow=True)
    assert response.status_code == 200
    newcomer.refresh_from_db()
    assert newcomer.account is not None
    assert "1 account" in response.content.decode() or "2 accounts" in response.content.decode()


def test_the_guardian_admin_lists_only_the_admins_college(world, login):
    client = login(world.admin)
    response = client.get("/admin/students/guardian/")
    assert response.status_code == 200
    listed = set(response.context["cl"].queryset.values_list("student__college_id", flat=True))
    assert listed == {world.college.pk}
    foreign = Guardian.objects.create(student=world.foreign_student, last_name="Bakker")
    assert client.get(f"/admin/students/guardian/{foreign.pk}/change/").status_code == 302


def test_the_admin_edits_a_guardians_contact(world, login):
    client = login(world.admin)
    guardian = Guardian.objects.get(student=world.student)
    response = client.post(f"/admin/students/guardian/{guardian.pk}/change/", {
        "student": world.student.pk, "first_name": "Petra", "last_name": "de Vries-Smit",
        "email": "petra@example.test", "phone": "0612345678", "relation": "parent"})
    assert response.status_code == 302, response.content.decode()[:2000]
    guardian.refresh_from_db()
    assert guardian.last_name == "de Vries-Smit" and guardian.phone == "0612345678"
    # The admin cannot hang a guardian on a student of another college.
    response = client.post(f"/admin/students/guardian/{guardian.pk}/change/", {
        "student": world.foreign_student.pk, "first_name": "Petra", "last_name": "X",
        "email": "", "phone": "", "relation": "parent"})
    assert response.status_code == 200
    guardian.refresh_from_db()
    assert guardian.student_id == world.student.pk


def test_the_register_import_makes_the_accounts(world):
    from tests.students.test_import import csv_text, good_row, run

    run(world, csv_text(good_row("300001", "Zoë", "Öztürk")))
    imported = Student.objects.get(student_number="300001")
    assert imported.account is None  # no school e-mail address yet
    Student.objects.filter(pk=imported.pk).update(email="zoe@student.west.test")
    Guardian.objects.create(student=imported, last_name="Öztürk", email="ouder.ozturk@example.test")
    run(world, csv_text(good_row("300001", "Zoë", "Öztürk")))
    imported.refresh_from_db()
    assert imported.account.email == "zoe@student.west.test"
    assert Guardian.objects.get(student=imported).account.roles == {Role.GUARDIAN}


def test_a_parent_whose_account_was_closed_gets_it_back_for_a_new_child(world, newcomer):
    portal_accounts_sync(students=[newcomer])
    _leave(newcomer, StudentStatus.GRADUATED)
    portal_accounts_sync(students=[newcomer])
    parent = Guardian.objects.get(student=newcomer, email="ayse.aydin@example.test").account
    parent.refresh_from_db()
    assert not parent.is_active
    younger = StudentFactory(programme=world.programme)
    Guardian.objects.create(student=younger, last_name="Aydin", email="ayse.aydin@example.test")
    counts = portal_accounts_sync(students=[younger])
    parent.refresh_from_db()
    assert parent.is_active and counts["conflict"] == 0
    assert Guardian.objects.get(student=younger).account == parent


def test_setting_a_student_to_left_in_the_admin_closes_the_account(world, login):
    client = login(world.admin)
    page = client.get(f"/admin/students/student/{world.student.pk}/change/")
    data = {}
    form = page.context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = [v.pk if hasattr(v, "pk") else v for v in value] \
            if isinstance(value, list | tuple) else value
    data.update(status="graduated", end_date=timezone.localdate().isoformat())
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for inline_form in formset.formset.initial_forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None:
                    data[f"{inline_form.prefix}-{name}"] = value
    response = client.post(f"/admin/students/student/{world.student.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    world.student_account.refresh_from_db()
    assert not world.student_account.is_active


def _batch(world, size: int, tag: str) -> list[Student]:
    """`size` active students with a school address; siblings share a parent (five to a
    family); the first also lists a member of staff's address as a parent's."""
    students = [StudentFactory(programme=world.programme, email=f"{tag}{n}@student.west.test")
                for n in range(size)]
    Guardian.objects.bulk_create(
        [Guardian(student=s, last_name="Ouder", email=f"ouder.{tag}{n // 5}@example.test")
         for n, s in enumerate(students)]
        + [Guardian(student=students[0], last_name="X", email=world.counsellor.email)])
    return students


def _queries(students) -> tuple[int, Counter]:
    with CaptureQueriesContext(connection) as queries:
        counts = portal_accounts_sync(students=students)
    return len(queries), counts


def test_the_sync_asks_the_database_as_often_for_50_students_as_for_5(world):
    # 50 students and 10 parents: 60 new accounts, one INSERT even on SQLite (999 values).
    small, large = _batch(world, 5, "klein"), _batch(world, 50, "groot")
    made_small, counts_small = _queries(small)
    made_large, counts_large = _queries(large)
    assert (counts_large["student_created"], counts_large["guardian_created"],
            counts_large["guardian_linked"], counts_large["conflict"]) == (50, 10, 50, 1)
    assert counts_small["student_created"] == 5 and counts_small["conflict"] == 1
    assert made_large == made_small
    # Students leave (their accounts and their parents' close), then come back.
    for students in (small, large):
        for student in students:
            _leave(student, StudentStatus.GRADUATED)
    closed_small, counts_small = _queries(small)
    closed_large, counts_large = _queries(large)
    assert (counts_large["student_closed"], counts_large["guardian_closed"]) == (50, 10)
    assert closed_large == closed_small
    Student.objects.filter(pk__in=[s.pk for s in small + large]).update(
        status=StudentStatus.ACTIVE, end_date=None)
    opened_small, _counts = _queries(small)
    opened_large, counts_large = _queries(large)
    assert (counts_large["student_opened"], counts_large["guardian_opened"]) == (50, 10)
    assert opened_large == opened_small


def test_a_parent_listed_twice_for_one_student_is_linked_once(world, newcomer):
    Guardian.objects.create(student=newcomer, last_name="Aydin", email="Ayse.Aydin@example.test")
    counts = portal_accounts_sync(students=[newcomer])
    linked = Guardian.objects.filter(student=newcomer, account__isnull=False)
    assert linked.count() == 1 and counts["guardian_created"] == 1


def test_a_guardian_account_stored_with_capitals_is_still_the_parents(world, newcomer):
    from django.contrib.auth.models import Group

    older = User.objects.create(email="Ayse.Aydin@Example.test", last_name="Aydin",
                                college=world.college)
    older.groups.add(Group.objects.get(name=Role.GUARDIAN))
    counts = portal_accounts_sync(students=[newcomer])
    assert Guardian.objects.get(student=newcomer, email="ayse.aydin@example.test").account == older
    assert counts["guardian_created"] == 0 and counts["conflict"] == 0


def test_a_new_school_address_in_the_register_moves_the_sign_in_with_it(newcomer):
    from lob.portal.services import sign_in_link_request

    portal_accounts_sync(students=[newcomer])
    Student.objects.filter(pk=newcomer.pk).update(email="Noor.Aydin2@student.west.test ")
    counts = portal_accounts_sync(students=[newcomer])
    newcomer.refresh_from_db()
    assert newcomer.account.email == "noor.aydin2@student.west.test"
    assert counts["address_changed"] == 1 and counts["student_created"] == 0
    assert not sign_in_link_request(email="noor.aydin@student.west.test")
    assert sign_in_link_request(email="noor.aydin2@student.west.test")
    assert sum(portal_accounts_sync(students=[newcomer]).values()) == 0  # and stays so


def test_a_new_address_another_account_holds_is_not_taken_over(world, newcomer):
    portal_accounts_sync(students=[newcomer])
    Student.objects.filter(pk=newcomer.pk).update(email=world.counsellor.email)
    counts = portal_accounts_sync(students=[newcomer])
    newcomer.refresh_from_db()
    assert newcomer.account.email == "noor.aydin@student.west.test"
    assert counts["conflict"] == 1 and counts["address_changed"] == 0
    world.counsellor.refresh_from_db()
    assert not world.counsellor.groups.filter(name=Role.STUDENT).exists()


def test_a_parents_shared_account_follows_a_new_address_once_all_their_rows_agree(
        world, newcomer):
    sibling = StudentFactory(programme=world.programme, email="sibling2@student.west.test")
    Guardian.objects.create(student=sibling, last_name="Aydin", email="ayse.aydin@example.test")
    portal_accounts_sync(students=[newcomer, sibling])
    rows = Guardian.objects.filter(email="ayse.aydin@example.test")
    account = rows.first().account
    # One child's row changes, the other's still holds the old address: which is right is
    # not ours to guess.
    rows.filter(student=newcomer).update(email="ayse@nieuw.example.test")
    counts = portal_accounts_sync(students=[newcomer])
    account.refresh_from_db()
    assert account.email == "ayse.aydin@example.test" and counts["conflict"] == 1
    # Both rows say the new address: the one account follows it.
    Guardian.objects.filter(account=account).update(email="ayse@nieuw.example.test")
    counts = portal_accounts_sync(students=[sibling])
    account.refresh_from_db()
    assert account.email == "ayse@nieuw.example.test" and counts["address_changed"] == 1
    assert set(Guardian.objects.filter(account=account).values_list("student_id", flat=True)) \
        == {newcomer.pk, sibling.pk}
