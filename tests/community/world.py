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
