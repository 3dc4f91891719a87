import datetime

import factory
from django.utils import timezone

from lec.models import (
    CaseNote,
    Eligibility,
    Feedback,
    FeedbackKind,
    Finding,
    InstrumentResult,
    Owner,
    PlanAction,
    Referral,
    Severity,
    Source,
    Status,
    Urgency,
    eligibility_on,
)

from .students import StudentFactory


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral; pass status= and assigned_to= for later states (no transitions are made:
    use lec.services for the state machine)."""

    class Meta:
        model = Referral

    student = factory.SubFactory(StudentFactory)
    college = factory.LazyAttribute(lambda o: o.student.college)
    team = factory.LazyAttribute(lambda o: o.student.programme.team)
    source = Source.TEAM
    referred_by = None
    referred_at = factory.LazyFunction(timezone.now)
    reason = "Verzuimt veel sinds de herfstvakantie, lijkt somber."
    concern_domains = factory.LazyFunction(lambda: ["attendance", "motivation"])
    urgency = Urgency.NORMAL
    tried = "Twee gesprekken met de loopbaanbegeleider, contact met ouders."
    student_knows = True
    student_agrees = True
    age_at_referral = factory.LazyAttribute(
        lambda o: o.student.age_on(timezone.localdate(o.referred_at))
    )
    had_start_qualification = factory.LazyAttribute(lambda o: o.student.has_start_qualification)
    eligibility = factory.LazyAttribute(
        lambda o: eligibility_on(
            date_of_birth=o.student.date_of_birth,
            has_start_qualification=o.student.has_start_qualification,
            on=timezone.localdate(o.referred_at),
        )
    )
    trajectory = factory.LazyAttribute(
        lambda o: "" if o.status in (Status.SUBMITTED, Status.TRIAGE) else Eligibility.FULL
    )
    status = Status.SUBMITTED
    status_changed_at = factory.LazyAttribute(lambda o: o.referred_at)
    assigned_to = None
    triaged_at = factory.LazyAttribute(
        lambda o: None if o.status == Status.SUBMITTED else o.referred_at
    )
    decided_at = factory.LazyAttribute(
        lambda o: None if o.status in (Status.SUBMITTED, Status.TRIAGE) else o.referred_at
    )


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    referral = factory.SubFactory(ReferralFactory)
    domain = "attendance"
    severity = Severity.MODERATE
    description = "Verzuim 30% in periode 2."
    created_by = factory.LazyAttribute(lambda o: o.referral.assigned_to)
    created_at = factory.LazyFunction(timezone.now)


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstrumentResult

    referral = factory.SubFactory(ReferralFactory)
    instrument = "SDQ (zelfrapportage)"
    administered_on = factory.LazyFunction(timezone.localdate)
    result = "Totaalscore 19"
    interpretation = "Verhoogd; past bij het beeld."
    created_by = factory.LazyAttribute(lambda o: o.referral.assigned_to)
    created_at = factory.LazyFunction(timezone.now)


class PlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanAction

    referral = factory.SubFactory(ReferralFactory)
    description = "Student maakt zelf een afspraak met de jeugdarts."
    owner = Owner.STUDENT
    partner = ""
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    created_by = factory.LazyAttribute(lambda o: o.referral.assigned_to)
    created_at = factory.LazyFunction(timezone.now)


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    referral = factory.SubFactory(ReferralFactory)
    text = "Overleg met schoolmaatschappelijk werk."
    author = factory.LazyAttribute(lambda o: o.referral.assigned_to)
    created_at = factory.LazyFunction(timezone.now)


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    referral = factory.SubFactory(ReferralFactory)
    kind = FeedbackKind.PROGRESS
    text = "De student is in begeleiding bij het LEC; komt weer naar de lessen."
    author = factory.LazyAttribute(lambda o: o.referral.assigned_to)
    created_at = factory.LazyFunction(timezone.now)
