import datetime

import pytest

from lec import services
from lec.models import Eligibility, eligibility_on
from tests.factories.students import StudentFactory

BORN = datetime.date(2003, 3, 15)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (datetime.date(2026, 3, 14), Eligibility.FULL),  # the day before the 23rd birthday
        (datetime.date(2026, 3, 15), Eligibility.SHORT),  # the 23rd birthday
        (datetime.date(2026, 3, 16), Eligibility.SHORT),
    ],
)
def test_eligibility_changes_on_the_23rd_birthday(on, expected):
    assert eligibility_on(date_of_birth=BORN, has_start_qualification=False, on=on) == expected


def test_a_start_qualification_means_a_short_intervention_even_when_young():
    assert eligibility_on(date_of_birth=BORN, has_start_qualification=True,
                          on=datetime.date(2020, 1, 1)) == Eligibility.SHORT


def test_leap_day_birthday_turns_23_on_the_first_of_march():
    born = datetime.date(2004, 2, 29)
    assert eligibility_on(date_of_birth=born, has_start_qualification=False,
                          on=datetime.date(2027, 2, 28)) == Eligibility.FULL
    assert eligibility_on(date_of_birth=born, has_start_qualification=False,
                          on=datetime.date(2027, 3, 1)) == Eligibility.SHORT


def _refer(world, student):
    return services.referral_create(
        user=world.counsellor, student=student, reason="Verzuim", concern_domains=["attendance"],
        urgency="normal", tried="Gesprek", student_knows=True, student_agrees=True,
    )


@pytest.mark.parametrize(("days_before_birthday", "expected"),
                         [(1, Eligibility.FULL), (0, Eligibility.SHORT)])
def test_referral_records_eligibility_at_the_referral_date(world, time_machine,
                                                           days_before_birthday, expected):
    time_machine.move_to(datetime.datetime(2026, 3, 15 - days_before_birthday, 10, 0))
    student = StudentFactory(programme=world.programme, date_of_birth=BORN)
    referral = _refer(world, student)
    assert referral.eligibility == expected
    assert referral.age_at_referral == (22 if expected == Eligibility.FULL else 23)
    assert referral.trajectory == ""  # shown, never silently applied


def test_full_trajectory_for_a_short_intervention_student_needs_a_justification(world):
    from django.core.exceptions import ValidationError

    from tests.factories.lec import ReferralFactory

    student = StudentFactory(programme=world.programme, date_of_birth=datetime.date(1990, 1, 1))
    referral = ReferralFactory(student=student, referred_by=world.counsellor, status="triage",
                               assigned_to=world.lec_worker)
    assert referral.eligibility == Eligibility.SHORT
    with pytest.raises(ValidationError) as exc:
        services.referral_accept(referral_id=referral.pk, user=world.lec_worker,
                                 trajectory=Eligibility.FULL, justification=" ",
                                 expected_version=referral.version)
    assert "justification" in exc.value.message_dict
    referral.refresh_from_db()
    assert referral.status == "triage"
    services.referral_accept(referral_id=referral.pk, user=world.lec_worker,
                             trajectory=Eligibility.FULL,
                             justification="Geen diploma, dreigt uit te vallen.",
                             expected_version=referral.version)
    referral.refresh_from_db()
    assert (referral.status, referral.trajectory) == ("diagnosis", Eligibility.FULL)
    assert referral.eligibility_justification == "Geen diploma, dreigt uit te vallen."
