"""Objects of the students app in the shared test world."""

import datetime

from django.utils import timezone

from students.models import GroupKind, ImportJob
from tests.factories.students import FollowUpFactory, GroupFactory, session_with


def extend(w):
    w.import_job = ImportJob.objects.create(
        college=w.college, uploaded_by=w.admin, file_name="export.csv", content=b"",
        status=ImportJob.Status.DONE, total_rows=1, processed_rows=1, created_count=1,
    )
    # First line: a LOB group, sessions and follow-ups in team A1, team A2 and college B.
    w.group = GroupFactory(team=w.team, name="LOB VIG 1A", kind=GroupKind.LOB_GROUP,
                           counsellor=w.counsellor)
    w.group.students.add(w.student, w.team_student)
    w.other_group = GroupFactory(team=w.other_team, name="Klas ET 1A", kind=GroupKind.CLASS,
                                 counsellor=w.outsider)
    w.other_group.students.add(w.other_team_student)
    w.foreign_group = GroupFactory(team=w.foreign_team, name="Klas RE 1A", counsellor=w.foreign)
    w.foreign_group.students.add(w.foreign_student)

    w.session = session_with(w.student, counsellor=w.counsellor)
    w.follow_up = FollowUpFactory(session=w.session, student=w.student, owner=w.counsellor)
    w.locked_session = session_with(
        w.student, counsellor=w.counsellor,
        created_at=timezone.now() - datetime.timedelta(days=10),
        held_at=timezone.now() - datetime.timedelta(days=10),
    )
    w.other_session = session_with(w.other_team_student, counsellor=w.outsider)
    w.other_follow_up = FollowUpFactory(session=w.other_session, owner=w.outsider)
    w.foreign_session = session_with(w.foreign_student, counsellor=w.foreign)
    w.foreign_follow_up = FollowUpFactory(session=w.foreign_session, owner=w.foreign)
