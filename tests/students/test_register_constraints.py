"""The database refuses register rows that break the hard rules."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from students.models import CounsellorAssignment, Programme, Student
from tests.factories.staff import TeamFactory
from tests.factories.students import AssignmentFactory, ProgrammeFactory, StudentFactory

pytestmark = pytest.mark.django_db


def _refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_student_number_is_unique_within_a_college_only(world):
    _refused(lambda: StudentFactory(programme=world.programme, student_number="100001"))
    other = StudentFactory(programme=world.foreign_programme, student_number="100001")
    assert other.college == world.other_college


@pytest.mark.parametrize("year", [0, 5])
def test_study_year_outside_1_to_4_is_refused(year):
    _refused(lambda: StudentFactory(study_year=year))


def test_unknown_status_is_refused():
    _refused(lambda: StudentFactory(status="expelled", end_date=datetime.date(2027, 1, 1)))


def test_end_date_before_start_is_refused():
    _refused(lambda: StudentFactory(status="dropped_out", start_date=datetime.date(2026, 9, 1),
                                    end_date=datetime.date(2026, 8, 31)))


def test_a_student_who_left_needs_an_end_date():
    _refused(lambda: StudentFactory(status="graduated", end_date=None))


def test_end_date_on_start_date_is_allowed():
    s = StudentFactory(status="dropped_out", start_date=datetime.date(2026, 9, 1),
                       end_date=datetime.date(2026, 9, 1))
    assert Student.objects.filter(pk=s.pk).exists()


@pytest.mark.parametrize(
    "fields",
    [{"level": 0}, {"level": 5}, {"pathway": "XYZ"}, {"crebo": "1234"}, {"crebo": "ABCDE"}],
)
def test_programme_rules(fields):
    _refused(lambda: ProgrammeFactory(**fields))


def test_programme_crebo_and_pathway_unique_per_team():
    team = TeamFactory()
    ProgrammeFactory(team=team, crebo="25491", pathway="BOL")
    ProgrammeFactory(team=team, crebo="25491", pathway="BBL")  # BBL variant is another row
    _refused(lambda: ProgrammeFactory(team=team, crebo="25491", pathway="BOL"))
    assert Programme.objects.filter(team=team).count() == 2


def test_one_current_counsellor_per_student(world):
    _refused(lambda: AssignmentFactory(student=world.student, counsellor=world.colleague))


def test_assignment_history_is_kept_and_may_not_end_before_it_starts(world):
    current = CounsellorAssignment.objects.get(student=world.student, end_date__isnull=True)
    current.end_date = current.start_date - datetime.timedelta(days=1)
    _refused(lambda: current.save())
    current.end_date = current.start_date
    current.save()
    AssignmentFactory(student=world.student, counsellor=world.colleague,
                      start_date=current.start_date + datetime.timedelta(days=1))
    assert world.student.counsellor_assignments.count() == 2
