"""Small builders the staff tests share."""

import datetime

from django.utils import timezone

from staff import services
from staff.selectors import cycle_competencies
from staff.services.feedback import rater_group_for
from tests.factories.staff import FeedbackRequestFactory, UserFactory, member


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def all_scores(cycle, score=3, text=""):
    return {c.pk: (score, text) for c in cycle_competencies(cycle)}


def team_colleague(w, n: int):
    return member(UserFactory(college=w.college, email=f"rater{n}@west.test"), w.team)


def college_colleague(w, n: int):
    return member(UserFactory(college=w.college, email=f"elsewhere{n}@west.test"), w.other_team)


def invite(cycle, rater, deadline=None):
    return FeedbackRequestFactory(
        cycle=cycle, rater=rater, deadline=deadline or days(14),
        rater_group=rater_group_for(employee=cycle.employee, rater=rater),
    )


def answer(cycle, rater, score=4, comment="", per_competency=None):
    """Invite `rater` (unless invited) and answer; `per_competency` overrides scores."""
    request = cycle.feedback_requests.filter(rater=rater).first() or invite(cycle, rater)
    answers = {c.pk: (score, comment) for c in cycle_competencies(cycle)}
    answers.update(per_competency or {})
    services.feedback_answer(request=request, rater=rater, answers=answers)
    return request


def record(cycle, kind, *, rating=""):
    return services.meeting_record(cycle=cycle, actor=cycle.manager, kind=kind, held_on=today(),
                                   report=f"Verslag {kind}", rating=rating)


def close(cycle):
    record(cycle, "pop")
    record(cycle, "functioning")
    services.manager_assessment_save(cycle=cycle, actor=cycle.manager, scores=all_scores(cycle))
    return record(cycle, "appraisal", rating="good")
