import datetime

import factory

from students.models import CounsellorAssignment, Group, GroupKind, Pathway, Programme, Student

from .staff import TeamFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Opleiding {n}")
    crebo = factory.Sequence(lambda n: f"{25000 + n:05d}")
    level = 3
    pathway = Pathway.BOL


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Groep {n}")
    kind = GroupKind.LOB_GROUP


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    programme = factory.SubFactory(ProgrammeFactory)
    college = factory.LazyAttribute(lambda o: o.programme.team.college)
    student_number = factory.Sequence(lambda n: f"{500000 + n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    date_of_birth = datetime.date(2007, 5, 17)
    study_year = 1
    start_date = datetime.date(2026, 9, 1)
    has_start_qualification = False


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CounsellorAssignment

    student = factory.SubFactory(StudentFactory)
    counsellor = None
    start_date = factory.LazyAttribute(lambda o: o.student.start_date)
