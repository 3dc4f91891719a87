"""The workplace's part of the shared test world (see tests/conftest.py).

- `company` and `placement`: Sanne (team A1) works at a company as a BBL student, with a
  praktijkopleider who has an e-mail address; `trainer_request`: an open link to them, whose
  token is `trainer_token`.
- `foreign_placement`: the student of college B at a company of college B.
"""

import datetime

from django.utils import timezone

from lob.workplace.models import Company, Placement, PlacementKind, TrainerRequest, hash_token

TRAINER_TOKEN = "test-token-for-the-praktijkopleider-0123456789abcdef"


def extend(w):
    w.company = Company.objects.create(college=w.college, name="Zorggroep De Linde",
                                       city="Utrecht", sector="Ouderenzorg")
    w.placement = Placement.objects.create(
        student=w.student, company=w.company, kind=PlacementKind.BBL_JOB,
        trainer_name="Marieke Jansen", trainer_email="marieke@delinde.test",
        start_date=datetime.date(2026, 9, 1), hours_per_week=32)
    w.foreign_company = Company.objects.create(college=w.other_college, name="Winkel Noord")
    w.foreign_placement = Placement.objects.create(
        student=w.foreign_student, company=w.foreign_company, kind=PlacementKind.BOL_INTERNSHIP,
        trainer_name="Jan Noord", trainer_email="jan@noord.test",
        start_date=datetime.date(2026, 9, 1), hours_per_week=24)
    now = timezone.now()
    w.trainer_token = TRAINER_TOKEN
    w.trainer_request = TrainerRequest.objects.create(
        placement=w.placement, requested_by=w.counsellor, sent_to=w.placement.trainer_email,
        token_hash=hash_token(TRAINER_TOKEN), created_at=now,
        expires_at=now + datetime.timedelta(days=14))
