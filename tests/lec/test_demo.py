import io

from django.utils import timezone

from common.demo import DemoContext, demo_password_hash
from lec.demo import seed_referrals
from lec.models import Feedback, Finding, PlanAction, Referral, Status
from staff.demo import college_for_index, seed_organisation
from students.demo import seed_register


def _ctx():
    college, domain = college_for_index(0)
    return DemoContext(college=college, index=0, today=timezone.localdate(),
                       password_hash=demo_password_hash(), stdout=io.StringIO(),
                       email_domain=domain)


def test_demo_referrals_cover_every_state_and_are_idempotent(db):
    ctx = _ctx()
    seed_organisation(ctx)
    seed_register(ctx)
    seed_referrals(ctx)
    states = set(Referral.objects.values_list("status", flat=True))
    assert states == set(Status.values)
    total = Referral.objects.count()
    assert 300 <= total <= 400
    closed = Referral.objects.filter(status=Status.CLOSED)
    assert not closed.filter(outcome="").exists()
    # Every closed or returned referral has its feedback to the first line.
    for status, kind in ((Status.CLOSED, "closure"), (Status.RETURNED, "returned")):
        referrals = Referral.objects.filter(status=status)
        assert Feedback.objects.filter(referral__in=referrals, kind=kind).count() == \
            referrals.count()
    assert Finding.objects.exists() and PlanAction.objects.exists()
    # The demo counsellor has referrals to follow on the home page.
    assert Referral.objects.filter(student__counsellor_assignments__counsellor__email=
                                   "counsellor@west.lob.demo").exists()
    seed_referrals(_ctx())
    assert Referral.objects.count() == total
