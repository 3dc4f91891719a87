import datetime

import factory
from django.utils import timezone

from students.models import (
    CounsellorAssignment,
    FollowUp,
    Group,
    GroupKind,
    Guardian,
    GuidanceSession,
    Pathway,
    Programme,
    SessionAttendance,
    SessionFormat,
    SessionKind,
    SessionLocation,
    Student,
)

from .staff import TeamFactory, UserFactory


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


class SessionFactory(factory.django.DjangoModelFactory):
    """A session row only; use `session_with` for one with attendance."""

    class Meta:
        model = GuidanceSession

    counsellor = None
    team = factory.LazyAttribute(lambda o: o.counsellor.memberships.first().team)
    held_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=2))
    duration_minutes = 30
    kind = SessionKind.CAREER
    format = SessionFormat.INDIVIDUAL
    location = SessionLocation.PRIVATE_ROOM
    summary = "Gesprek over de keuze van de BPV-plek."
    agreements = "Student zoekt twee stageplekken uit."


def session_with(*students, counsellor, absent=(), group=None, **kwargs) -> GuidanceSession:
    """A session with attendance rows: `students` present, `absent` absent."""
    if group is not None or len(students) + len(absent) > 1:
        kwargs.setdefault("format", SessionFormat.GROUP)
        kwargs.setdefault("kind", SessionKind.GROUP_LESSON)
    team = (students or absent)[0].programme.team
    session = SessionFactory(counsellor=counsellor, team=team, group=group, **kwargs)
    SessionAttendance.objects.bulk_create(
        [SessionAttendance(session=session, student=s, held_at=session.held_at) for s in students]
        + [
            SessionAttendance(session=session, student=s, held_at=session.held_at, present=False)
            for s in absent
        ]
    )
    return session


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    session = None
    student = factory.LazyAttribute(lambda o: o.session.attendances.first().student)
    owner = factory.LazyAttribute(lambda o: o.session.counsellor)
    description = factory.Sequence(lambda n: f"Afspraak {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


def student_account(student, **fields):
    """The student's own portal account (role "student"), linked to their register row."""
    fields.setdefault("first_name", student.first_name)
    fields.setdefault("last_name", student.last_name)
    user = UserFactory(college=student.college, roles=["student"], **fields)
    student.account = user
    student.save(update_fields=["account"])
    return user


def guardian_account(student, relation="parent", **fields):
    """A parent's portal account (role "guardian") with their Guardian row for `student`."""
    user = UserFactory(college=student.college, roles=["guardian"], **fields)
    Guardian.objects.create(student=student, account=user, first_name=user.first_name,
                            last_name=user.last_name, email=user.email, relation=relation)
    return user
