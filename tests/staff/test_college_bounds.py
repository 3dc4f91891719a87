"""Issue 15, F1: a person's college bounds everything, the Django admin included.

The functional admin of college West (world.college) tries, through the admin's own forms, to
put an account in college Noord (world.other_college), to give it a membership of a Noord team
as manager, and to point students at Noord's programmes. Every attempt is refused, and even a
membership row that got past every check opens nothing in Noord."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from staff.models import TeamMembership, User
from staff.services import membership_add
from students.selectors import follow_up_owners
from tests.factories.staff import CycleFactory, UserFactory, member
from tests.privacy.twofactor import log_in

pytestmark = pytest.mark.django_db

NO_INLINE_ROWS = {
    "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0,
    "memberships-MIN_NUM_FORMS": 0, "memberships-MAX_NUM_FORMS": 1000,
}


def _membership_rows(team, role="manager"):
    return {
        "memberships-TOTAL_FORMS": 1, "memberships-INITIAL_FORMS": 0,
        "memberships-MIN_NUM_FORMS": 0, "memberships-MAX_NUM_FORMS": 1000,
        "memberships-0-id": "", "memberships-0-team": team.pk, "memberships-0-role": role,
    }


def _user_change_data(user, **changes):
    data = {
        "email": user.email, "first_name": user.first_name, "last_name": user.last_name,
        "college": user.college_id, "language": "nl", "is_active": "on",
        "groups": list(user.groups.values_list("pk", flat=True)),
        **NO_INLINE_ROWS,
    }
    data.update(changes)
    return data


@pytest.fixture
def accomplice(world):
    """An account in West that the admin controls (the attack's starting point)."""
    return UserFactory(college=world.college, email="accomplice@west.test")


@pytest.fixture
def noord_cycle(world):
    """A Noord employee's review cycle, led by Noord's manager."""
    noord_manager = member(UserFactory(college=world.other_college, email="mgr@noord.test"),
                           world.foreign_team, "manager")
    return CycleFactory(employee=world.foreign, manager=noord_manager, team=world.foreign_team,
                        framework=world.foreign_framework)


def test_the_admin_cannot_add_a_user_in_another_college(login, world):
    client = login(world.admin)
    response = client.post("/admin/staff/user/add/", {
        "email": "spy@west.test", "first_name": "Spy", "last_name": "Noord",
        "college": world.other_college.pk, "password1": "Zeer-geheim-wachtwoord-42",
        "password2": "Zeer-geheim-wachtwoord-42", **NO_INLINE_ROWS,
    })
    assert response.status_code == 200
    assert "college" in response.context["adminform"].form.errors
    assert not User.objects.filter(email="spy@west.test").exists()


def test_the_admin_cannot_move_a_user_to_another_college(login, world, accomplice):
    lec_lead = Group.objects.get(name="lec_lead")
    response = login(world.admin).post(
        f"/admin/staff/user/{accomplice.pk}/change/",
        _user_change_data(accomplice, college=world.other_college.pk, groups=[lec_lead.pk]),
    )
    assert response.status_code == 200
    accomplice.refresh_from_db()
    assert accomplice.college_id == world.college.pk
    assert not accomplice.groups.exists()


def test_the_admin_cannot_give_a_membership_of_another_colleges_team(login, world, accomplice):
    response = login(world.admin).post(
        f"/admin/staff/user/{accomplice.pk}/change/",
        _user_change_data(accomplice, **_membership_rows(world.foreign_team)),
    )
    assert response.status_code == 200
    assert not TeamMembership.objects.filter(user=accomplice).exists()


def test_the_admin_cannot_put_another_colleges_user_in_a_team(login, world):
    team = world.team
    response = login(world.admin).post(f"/admin/staff/team/{team.pk}/change/", {
        "college": world.college.pk, "name": team.name, "code": team.code,
        "memberships-TOTAL_FORMS": 1, "memberships-INITIAL_FORMS": 0,
        "memberships-MIN_NUM_FORMS": 0, "memberships-MAX_NUM_FORMS": 1000,
        "memberships-0-id": "", "memberships-0-user": world.foreign.pk,
        "memberships-0-role": "manager",
    })
    assert response.status_code == 200
    assert not TeamMembership.objects.filter(user=world.foreign, team=team).exists()


def test_the_admin_cannot_move_a_team_or_a_student_to_another_college(login, world):
    client = login(world.admin)
    team = world.other_team
    client.post(f"/admin/staff/team/{team.pk}/change/", {
        "college": world.other_college.pk, "name": team.name, "code": team.code,
        "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0,
        "memberships-MIN_NUM_FORMS": 0, "memberships-MAX_NUM_FORMS": 1000,
    })
    team.refresh_from_db()
    assert team.college_id == world.college.pk
    student = world.team_student
    response = client.get(f"/admin/students/student/{student.pk}/change/")
    form = response.context["adminform"].form
    assert set(form.fields["programme"].queryset) == {world.programme, world.other_programme}
    assert world.foreign_programme not in form.fields["programme"].queryset


def test_every_choice_in_the_user_form_is_of_the_admins_college(login, world, accomplice):
    client = login(world.admin)
    response = client.get(f"/admin/staff/user/{accomplice.pk}/change/")
    assert list(response.context["adminform"].form.fields["college"].queryset) == [world.college]
    inline = response.context["inline_admin_formsets"][0].formset
    teams = set(inline.form.base_fields["team"].queryset)
    assert teams == {world.team, world.other_team}


def test_a_superuser_is_not_bounded(client, world, accomplice):
    root = UserFactory(college=None, email="root@roc.test", is_superuser=True, is_staff=True)
    log_in(client, root)
    response = client.post(f"/admin/staff/user/{accomplice.pk}/change/",
                           _user_change_data(accomplice, college=world.other_college.pk))
    assert response.status_code == 302
    accomplice.refresh_from_db()
    assert accomplice.college_id == world.other_college.pk


def test_the_attacks_open_nothing_in_the_other_college(login, world, accomplice, noord_cycle):
    """After every admin attempt above, the account reads none of Noord's case files, team
    dashboards or review cycles."""
    client = login(world.admin)
    lec_lead = Group.objects.get(name="lec_lead")
    client.post(f"/admin/staff/user/{accomplice.pk}/change/", _user_change_data(
        accomplice, college=world.other_college.pk, groups=[lec_lead.pk],
        **_membership_rows(world.foreign_team)))
    client.post(f"/admin/staff/user/{accomplice.pk}/change/",
                _user_change_data(accomplice, **_membership_rows(world.foreign_team)))
    accomplice = User.objects.get(pk=accomplice.pk)
    client = login(accomplice)
    assert client.get(f"/lec/{world.foreign_referral.pk}/").status_code in (403, 404)
    assert client.get(f"/dashboards/team/{world.foreign_team.pk}/").status_code in (403, 404)
    assert client.get(f"/staff/cycles/{noord_cycle.pk}/").status_code == 404
    assert client.get(f"/staff/cycles/{noord_cycle.pk}/feedback/results/").status_code == 404


def test_a_bad_membership_row_opens_nothing(login, world, noord_cycle):
    """A membership of another college's team, written past every check, is not trusted."""
    TeamMembership.objects.create(user=world.manager, team=world.foreign_team, role="manager")
    manager = User.objects.get(pk=world.manager.pk)
    assert world.foreign_team.pk not in manager.team_ids()
    assert not manager.manages_team(world.foreign_team.pk)
    assert manager.team_ids("manager") == {world.team.pk}
    client = login(manager)
    assert client.get(f"/dashboards/team/{world.foreign_team.pk}/").status_code == 404
    assert client.get(f"/staff/cycles/{noord_cycle.pk}/").status_code == 404
    assert client.get(f"/staff/cycles/{noord_cycle.pk}/feedback/results/").status_code == 404


def test_the_model_and_the_service_refuse_a_membership_across_colleges(world):
    membership = TeamMembership(user=world.counsellor, team=world.foreign_team, role="manager")
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "team" in error.value.message_dict
    with pytest.raises(ValidationError):
        membership_add(user=world.counsellor, team=world.foreign_team, role="manager")
    assert not TeamMembership.objects.filter(user=world.counsellor,
                                             team=world.foreign_team).exists()


def test_a_bad_membership_row_makes_nobody_a_follow_up_owner(world):
    """Owners of a team's follow-ups (who then get its reminders) are of the team's college."""
    TeamMembership.objects.create(user=world.foreign, team=world.team, role="counsellor")
    owners = set(follow_up_owners(world.team.pk))
    assert world.counsellor in owners and world.foreign not in owners


def test_the_admin_lists_filters_name_no_other_college(login, world):
    client = login(world.admin)
    for url in ("/admin/staff/user/", "/admin/staff/team/", "/admin/students/student/",
                "/admin/students/programme/"):
        page = client.get(url).content.decode()
        assert world.other_college.name not in page and world.foreign_team.name not in page, url
