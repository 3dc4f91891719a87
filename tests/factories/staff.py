import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from staff.models import (
    MEETING_ORDER,
    College,
    Competency,
    CompetencyCategory,
    CompetencyFramework,
    Criterion,
    CycleMeeting,
    FeedbackRequest,
    RaterGroup,
    ReviewCycle,
    Standard,
    Team,
    TeamMembership,
    User,
    school_year_of,
)

PASSWORD = "correct-horse-battery-staple-42"


class CollegeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = College
        django_get_or_create = ("short_name",)

    name = factory.Sequence(lambda n: f"MBO College {n}")
    short_name = factory.Sequence(lambda n: f"college-{n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    college = factory.SubFactory(CollegeFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    code = factory.Sequence(lambda n: f"team-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    college = factory.SubFactory(CollegeFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """College-wide roles: UserFactory(roles=["hr"])."""
        if create and extracted:
            # get_or_create: a transactional test before this one may have flushed the role
            # groups that a data migration made.
            self.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in extracted])
            if "admin" in extracted:
                self.is_staff = True
        if create:
            self.save()


def member(user: User, team: Team, role: str = "counsellor") -> User:
    """Give `user` a team role (and its group)."""
    TeamMembership.objects.get_or_create(user=user, team=team, role=role)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    user.forget_roles()
    return user


# --- review cycles, frameworks, plans --------------------------------------------------------


def this_school_year() -> int:
    return school_year_of(timezone.localdate())


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyFramework

    college = factory.SubFactory(CollegeFactory)
    name = "Competentieschema"
    version = 1
    is_current = True


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyCategory

    framework = factory.SubFactory(FrameworkFactory)
    name = factory.Sequence(lambda n: f"Categorie {n}")
    order = factory.Sequence(lambda n: n)


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Competentie {n}")
    order = factory.Sequence(lambda n: n)


def framework_with_competencies(college, *, core=(2, 2), first_line=1, version=1,
                                 is_current=True) -> CompetencyFramework:
    """A framework with len(core) core categories (n competencies each) and a first-line profile."""
    framework = FrameworkFactory(college=college, version=version, is_current=is_current)
    for i, n in enumerate(core, start=1):
        category = CategoryFactory(framework=framework, name=f"Kern {i}", order=i)
        for j in range(n):
            competency = CompetencyFactory(category=category, name=f"Kern {i}.{j + 1}", order=j)
            competency.criteria.create(text=f"Gedrag bij {competency.name}", order=1)
    if first_line:
        category = CategoryFactory(framework=framework, name="Profiel eerste lijn",
                                   role_profile="first_line", order=10)
        for j in range(first_line):
            CompetencyFactory(category=category, name=f"Eerste lijn {j + 1}", order=j)
    CategoryFactory(framework=framework, name="Profiel LEC", role_profile="lec", order=11)
    return framework


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewCycle
        skip_postgeneration_save = True

    employee = factory.SubFactory(UserFactory)
    manager = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    school_year = factory.LazyFunction(this_school_year)
    framework = factory.SubFactory(FrameworkFactory)

    @factory.post_generation
    def meetings(self, create, extracted, **kwargs):
        if create:
            CycleMeeting.objects.bulk_create(CycleMeeting(cycle=self, kind=k) for k in MEETING_ORDER)


class FeedbackRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackRequest

    cycle = factory.SubFactory(CycleFactory)
    rater = factory.SubFactory(UserFactory)
    rater_group = RaterGroup.TEAM
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard

    college = factory.SubFactory(CollegeFactory)
    code = factory.Sequence(lambda n: f"standard-{n}")
    name = factory.Sequence(lambda n: f"Standaard {n}")
    order = factory.Sequence(lambda n: n)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    standard = factory.SubFactory(StandardFactory)
    text = factory.Sequence(lambda n: f"Criterium {n}")
    order = factory.Sequence(lambda n: n)
