"""The privacy app's part of the shared test world (see tests/conftest.py).

- LEC staff and the admin have a confirmed authenticator (two-factor login is required for
  them; browser logins type its current code).
- `privacy_officer`: the college's privacy officer (not a matrix persona: tested in
  tests/privacy).
- `grant_request`: the admin asked that HR also gets the LEC-worker role (pending);
  `foreign_grant_request`: the same in the other college.
"""

from tests.factories.staff import UserFactory
from tests.privacy.twofactor import give_device


def extend(w):
    for user in (w.lec_worker, w.lec_lead, w.admin):
        give_device(user)
    w.privacy_officer = UserFactory(college=w.college, email="privacy@west.test",
                                    roles=["privacy_officer"])
    from django.utils import timezone

    from lob.privacy.services import privacy_request_record

    today = timezone.localdate()
    w.erasure_request = privacy_request_record(
        student=w.team_student, user=w.admin, kind="erasure", ground="student_request",
        received_on=today, note="Per e-mail")
    w.correction_request = privacy_request_record(
        student=w.student, user=w.admin, kind="correction", ground="inaccurate",
        received_on=today, note="Achternaam verkeerd gespeld")
    w.foreign_request = privacy_request_record(
        student=w.foreign_student, user=w.admin, kind="erasure", ground="student_request",
        received_on=today)
    from staff.models import RoleGrantRequest

    # Made directly, so that the world's audit trail holds no role events of its own.
    w.grant_request = RoleGrantRequest.objects.create(
        college=w.college, user=w.hr, role="lec_worker", requested_by=w.admin,
        requested_at=timezone.now())
    w.foreign_grant_request = RoleGrantRequest.objects.create(
        college=w.other_college, user=w.foreign, role="lec_worker", requested_by=None,
        requested_at=timezone.now())
