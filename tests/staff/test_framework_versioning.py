"""Frameworks are versioned: a cycle keeps the version it started with (copy-on-write)."""

import pytest
from django.core.exceptions import ValidationError

from staff import services
from staff.models import Competency, CompetencyFramework
from staff.selectors import cycle_competencies

pytestmark = pytest.mark.django_db


def _first(framework):
    return Competency.objects.filter(category__framework=framework).order_by("category__order", "order").first()


def _update(framework, competency, user, name="Nieuwe naam", criteria=("Gedrag A", "Gedrag B"),
            revision=None):
    return services.framework_competency_update(
        framework=framework, competency_id=competency.pk, name=name, description="",
        criteria=list(criteria), user=user,
        revision=framework.revision if revision is None else revision,
    )


def test_editing_a_version_no_cycle_uses_changes_it_in_place(world):
    framework = world.foreign_framework  # no cycle uses it
    after = _update(framework, _first(framework), world.hr)
    assert after.pk == framework.pk and after.revision == framework.revision + 1
    assert _first(after).name == "Nieuwe naam"


def test_editing_a_version_in_use_makes_a_new_version_and_the_cycle_keeps_the_old(world):
    before = [(c.name, [x.text for x in c.criteria.all()]) for c in cycle_competencies(world.cycle)]
    after = _update(world.framework, _first(world.framework), world.hr)

    assert after.pk != world.framework.pk and after.version == 2 and after.is_current
    assert after.based_on_id == world.framework.pk
    world.framework.refresh_from_db()
    assert not world.framework.is_current
    world.cycle.refresh_from_db()
    assert world.cycle.framework_id == world.framework.pk
    assert [(c.name, [x.text for x in c.criteria.all()]) for c in cycle_competencies(world.cycle)] == before
    new = _first(after)
    assert new.name == "Nieuwe naam" and [c.text for c in new.criteria.all()] == ["Gedrag A", "Gedrag B"]
    # Everything else was copied along.
    assert Competency.objects.filter(category__framework=after).count() == \
        Competency.objects.filter(category__framework=world.framework).count()


def test_a_cycle_opened_after_the_edit_uses_the_new_version(world):
    after = _update(world.framework, _first(world.framework), world.hr)
    cycle = services.cycle_open(manager=world.manager, employee=world.colleague,
                                school_year=world.school_year)
    assert cycle.framework_id == after.pk


def test_a_second_edit_of_the_new_version_stays_in_it(world):
    v2 = _update(world.framework, _first(world.framework), world.hr)
    v2_again = _update(v2, _first(v2), world.hr, name="Nog een naam")
    assert v2_again.pk == v2.pk
    assert CompetencyFramework.objects.filter(college=world.college).count() == 2


def test_removing_a_competency_keeps_it_for_running_cycles(world):
    competency = _first(world.framework)
    after = services.framework_competency_remove(framework=world.framework,
                                                 competency_id=competency.pk, user=world.hr,
                                                 revision=world.framework.revision)
    assert not Competency.objects.filter(category__framework=after, name=competency.name).exists()
    assert competency in cycle_competencies(world.cycle)


def test_adding_a_category_and_competency(world):
    v2 = services.framework_category_add(framework=world.framework, name="Extra", role_profile="",
                                         user=world.hr, revision=world.framework.revision)
    category = v2.categories.get(name="Extra")
    v2 = services.framework_competency_add(framework=v2, category_id=category.pk, name="Nieuw",
                                           description="", criteria=["a", "", "b"], user=world.hr,
                                           revision=v2.revision)
    assert [c.text for c in category.competencies.get().criteria.all()] == ["a", "b"]


def test_an_old_version_cannot_be_edited(world):
    _update(world.framework, _first(world.framework), world.hr)
    world.framework.refresh_from_db()
    with pytest.raises(ValidationError, match="old version"):
        _update(world.framework, _first(world.framework), world.hr, name="Te laat")
    assert not Competency.objects.filter(name="Te laat").exists()


def test_a_stale_form_is_refused(world):
    with pytest.raises(ValidationError, match="Someone else changed"):
        _update(world.framework, _first(world.framework), world.hr,
                revision=world.framework.revision - 1)
    assert CompetencyFramework.objects.filter(college=world.college).count() == 1


@pytest.mark.parametrize("name,message", [("", "Give the competency a name"),
                                          ("Kern 1.2", "already has a competency")])
def test_bad_input_changes_nothing_not_even_a_new_version(world, name, message):
    with pytest.raises(ValidationError, match=message):
        _update(world.framework, _first(world.framework), world.hr, name=name)
    assert CompetencyFramework.objects.filter(college=world.college).count() == 1
    world.framework.refresh_from_db()
    assert world.framework.is_current and _first(world.framework).name == "Kern 1.1"


def test_a_duplicate_category_name_is_refused(world):
    with pytest.raises(ValidationError, match="already has a category"):
        services.framework_category_add(framework=world.framework, name="kern 1", role_profile="",
                                        user=world.hr, revision=world.framework.revision)
    assert CompetencyFramework.objects.filter(college=world.college).count() == 1


def test_hr_edits_through_the_page_and_is_told_about_the_new_version(client, world):
    client.force_login(world.hr)
    competency = _first(world.framework)
    response = client.post(
        f"/staff/frameworks/{world.framework.pk}/competencies/{competency.pk}/edit/",
        {"name": "Luisteren", "description": "", "criteria": "Vat samen\nVraagt door",
         "revision": world.framework.revision},
        follow=True,
    )
    current = CompetencyFramework.objects.get(college=world.college, is_current=True)
    assert current.version == 2
    assert response.redirect_chain[-1][0] == f"/staff/frameworks/{current.pk}/"
    assert "versie 2" in response.content.decode() or "version 2" in response.content.decode()


def test_the_edit_page_shows_bad_input_at_the_field(client, world):
    client.force_login(world.hr)
    competency = _first(world.framework)
    response = client.post(
        f"/staff/frameworks/{world.framework.pk}/competencies/{competency.pk}/edit/",
        {"name": "Kern 1.2", "criteria": "", "revision": world.framework.revision},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert CompetencyFramework.objects.filter(college=world.college).count() == 1


def test_an_old_version_page_offers_no_editing(client, world):
    _update(world.framework, _first(world.framework), world.hr)
    client.force_login(world.hr)
    response = client.get(f"/staff/frameworks/{world.framework.pk}/")
    assert response.context["can_edit"] is False
    assert "/edit/" not in response.content.decode()
