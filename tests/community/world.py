"""The learning community's part of the shared test world (see tests/conftest.py).

- `material`: shared by the counsellor with team A1, with a small PDF file; `foreign_material`:
  one of college B.
- `meeting`: an intervisie of team A1 last week, organised by the counsellor, the colleague and
  the care coordinator invited; `foreign_meeting`: one of college B.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from lob.community.models import Material, Meeting, MeetingAttendance, MeetingKind

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def extend(w):
    w.material = Material(college=w.college, team=w.team, title="Kwaliteitenspel",
                          description="In tweetallen kwaliteiten benoemen.", comp_qualities=True,
                          study_year_from=1, study_year_to=2, author=w.counsellor)
    w.material.file.save("kwaliteitenspel.pdf", ContentFile(PDF), save=False)
    w.material.save()
    w.foreign_material = Material.objects.create(
        college=w.other_college, title="Winkelspel", description="x", link="https://example.nl",
        author=w.foreign)
    last_week = timezone.now() - datetime.timedelta(days=7)
    w.meeting = Meeting.objects.create(
        college=w.college, team=w.team, kind=MeetingKind.INTERVISION, title="Intervisie Zorg",
        starts_at=last_week, duration_minutes=90, organiser=w.counsellor)
    for user in (w.counsellor, w.colleague, w.care_coordinator):
        MeetingAttendance.objects.create(meeting=w.meeting, user=user)
    w.foreign_meeting = Meeting.objects.create(
        college=w.other_college, team=w.foreign_team, kind=MeetingKind.INTERVISION,
        title="Intervisie Handel", starts_at=last_week, duration_minutes=60, organiser=w.foreign)
    extend_alumni(w)


def extend_alumni(w):
    """`former_student`: graduated from team A1 last summer, with an e-mail address; `alumnus`:
    another former student of team A1 in the pool; `foreign_alumnus`: one of college B."""
    from lob.community.models import Alumnus
    from lob.community.tokens import hash_token
    from tests.factories.students import StudentFactory

    w.former_student = StudentFactory(
        programme=w.programme, first_name="Lotte", last_name="Bakker", status="graduated",
        start_date=datetime.date(2023, 9, 1), end_date=datetime.date(2026, 7, 10),
        email="lotte.bakker@example.test")
    graduate = StudentFactory(
        programme=w.programme, first_name="Daan", last_name="Smit", status="graduated",
        start_date=datetime.date(2022, 9, 1), end_date=datetime.date(2025, 7, 10),
        email="daan@example.test")
    now = timezone.now()
    w.alumnus = Alumnus.objects.create(
        student=graduate, email=graduate.email, current_work="Verzorgende in een wijkteam",
        sector="Thuiszorg", offers_talk=True, frequency="twice", consent_at=now,
        expires_at=now + datetime.timedelta(days=700), withdraw_token_hash=hash_token("daan-out"))
    foreign_graduate = StudentFactory(
        programme=w.foreign_programme, status="graduated", start_date=datetime.date(2022, 9, 1),
        end_date=datetime.date(2025, 7, 10), email="noord@example.test")
    w.foreign_alumnus = Alumnus.objects.create(
        student=foreign_graduate, email=foreign_graduate.email, current_work="Winkel",
        sector="Retail", offers_meet=True, frequency="yearly", consent_at=now,
        expires_at=now + datetime.timedelta(days=700),
        withdraw_token_hash=hash_token("noord-out"))
