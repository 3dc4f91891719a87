import factory
from django.contrib.auth.models import Group

from staff.models import College, Team, TeamMembership, User

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
            self.groups.add(*Group.objects.filter(name__in=extracted))
            if "admin" in extracted:
                self.is_staff = True
        if create:
            self.save()


def member(user: User, team: Team, role: str = "counsellor") -> User:
    """Give `user` a team role (and its group)."""
    TeamMembership.objects.get_or_create(user=user, team=team, role=role)
    user.groups.add(Group.objects.get(name=role))
    user.__dict__.pop("roles", None)
    user.__dict__.pop("team_roles", None)
    return user
