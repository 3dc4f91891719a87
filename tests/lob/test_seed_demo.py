"""The demo data set: MBO College West as the README promises, deterministic and idempotent."""

import pytest
from django.core.management import call_command

from staff.models import College, TeamMembership, User
from staff.roles import STAFF_ROLES
from students.models import CounsellorAssignment, Group, Student
from tests.conftest import restored_afterwards

pytestmark = pytest.mark.django_db


def _counts():
    enrolled = Student.objects.exclude(status="graduated")  # graduates of earlier years apart
    return {
        "students": enrolled.count(),
        "bol": enrolled.filter(programme__pathway="BOL").count(),
        "bbl": enrolled.filter(programme__pathway="BBL").count(),
        "graduates": Student.objects.filter(status="graduated").count(),
        "users": User.objects.count(),
        "groups": Group.objects.count(),
        "assignments": CounsellorAssignment.objects.count(),
        "current": CounsellorAssignment.objects.filter(end_date__isnull=True).count(),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    # Module-scoped data lives outside the per-test transactions: removed again afterwards.
    with django_db_blocker.unblock(), restored_afterwards():
        call_command("seed_demo", stdout=open("/dev/null", "w"))
        first = _counts()
        names = list(Student.objects.order_by("student_number").values_list("student_number", "last_name")[:50])
        yield first, names


def test_west_has_2400_bol_and_1600_bbl_students(seeded):
    counts, _ = seeded
    assert College.objects.get(short_name="west").name == "MBO College West"
    assert (counts["students"], counts["bol"], counts["bbl"]) == (4000, 2400, 1600)


def test_every_active_student_has_one_current_counsellor_and_some_changed(seeded):
    counts, _ = seeded
    assert counts["current"] == counts["students"]
    assert counts["assignments"] > counts["current"]  # history of counsellor changes


def test_groups_of_the_three_kinds_with_lob_groups_of_nine(seeded):
    kinds = set(Group.objects.values_list("kind", flat=True))
    assert kinds == {"lob_group", "class", "placement_house"}
    lob = Group.objects.filter(kind="lob_group", name__contains="Pedagogisch Werker BOL").first()
    assert 8 <= lob.students.count() <= 10


def test_staff_in_every_role_and_the_demo_logins_exist(seeded):
    for role in STAFF_ROLES:
        assert User.objects.filter(groups__name=role).exists(), role
    assert TeamMembership.objects.filter(user__email="counsellor@west.lob.demo", role="counsellor").exists()
    for local in ["counsellor", "care", "lec", "leclead", "manager", "hr", "director", "admin", "privacy"]:
        user = User.objects.get(email=f"{local}@west.lob.demo")
        assert user.check_password("lob-demo-2026!")


def test_programmes_of_the_case_are_there(seeded):
    names = set(Student.objects.values_list("programme__name", flat=True))
    for name in ["Pedagogisch Werker", "Assistent Gezondheidszorg", "Verzorgende IG",
                 "Doktersassistent", "Helpende Zorg en Welzijn"]:
        assert name in names


def test_running_it_again_changes_nothing(seeded):
    counts, names = seeded
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert _counts() == counts
    assert list(Student.objects.order_by("student_number").values_list("student_number", "last_name")[:50]) == names


def test_the_demo_starts_with_a_sweep_done_and_health_answers_200(seeded, client):
    """Issue 16: `make run` (migrate, seed_demo, runserver) left /health/ at 503 and the
    notifications empty, because nothing ran the sweep without beat."""
    from lob.notifications.models import Notification
    from lob.notifications.selectors import last_sweep

    assert last_sweep() is not None
    assert Notification.objects.exists()
    response = client.get("/health/")
    assert response.status_code == 200, response.content


def test_the_demo_has_graduates_so_the_outflow_shows_diplomas(seeded, client):
    """Issue 16: the outflow chart showed 0 graduates in every year (the demo had none)."""
    from django.db.models import Sum

    from lob.dashboards.models import TeamYearFigures

    counts, _ = seeded
    assert counts["graduates"] > 0
    per_year = dict(TeamYearFigures.objects.values_list("school_year").annotate(
        g=Sum("graduated")).values_list("school_year", "g"))
    past = sorted(per_year)[-3:-1]  # the two school years before the running one
    assert all(per_year[year] > 0 for year in past), per_year


def test_the_demo_student_and_parent_log_in_and_see_their_part(seeded, client):
    from students.selectors.portal import guardian_agreements, guardian_students, portal_student

    student_user = User.objects.get(email="student@west.lob.demo")
    parent = User.objects.get(email="ouder@west.lob.demo")
    for user in (student_user, parent):
        assert user.check_password("lob-demo-2026!") and user.is_portal_user
    student = portal_student(student_user)
    assert student.age < 18
    assert list(guardian_students(parent)) == [student]
    assert guardian_agreements(student).exists()
    actiepunten = student.follow_ups.filter(student_owned=True)
    assert {f.status for f in actiepunten} == {"open", "done"}
    client.force_login(student_user)
    html = client.get("/portal/").content.decode()
    assert "meeloopdag" in html
    assert "broertjes" not in html  # the internal summary stays internal
