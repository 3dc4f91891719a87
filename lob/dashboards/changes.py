"""Which teams' rollup rows are out of date: the teams of a college whose source rows were
written since a moment, each found through an index on its change time (one query).

What each figure is counted from, and the change time that finds it:
- sessions and their attendance (reach, open-space sessions): `GuidanceSession.updated_at`
  (set on create and on every edit; attendance changes only through its session), for the
  session's team and the teams of the students who attended;
- follow-ups: `FollowUpChange.changed_at` (a row for every creation, closing and handover);
- the register (starts, ends, statuses): `Student.updated_at`; counsellor changes:
  `CounsellorAssignment.created_at` (a change of counsellor makes a new assignment);
- referrals: `Referral.status_changed_at` (every transition) and `last_feedback_at`.

What no change time shows (a row deleted by an erasure, a student moved to another team's
programme, which leaves the old team's rows behind) is put right by the first refresh of each
day, which recomputes every team (`RollupState.computed_for`), and by
`manage.py rollups_rebuild`.
"""

import datetime

from lec.models import Referral
from students.models import CounsellorAssignment, FollowUpChange, SessionAttendance, Student


def changed_teams(college_id: int, since: datetime.datetime) -> set[int]:
    """Teams of the college with a source row of the rollups written at or after `since`."""
    sessions = SessionAttendance.objects.filter(
        session__updated_at__gte=since, session__team__college_id=college_id
    )
    parts = [
        sessions.values_list("session__team_id"),
        sessions.values_list("student__programme__team_id"),
        FollowUpChange.objects.filter(
            changed_at__gte=since, follow_up__student__college_id=college_id
        ).values_list("follow_up__student__programme__team_id"),
        Student.objects.filter(college_id=college_id, updated_at__gte=since)
        .values_list("programme__team_id"),
        CounsellorAssignment.objects.filter(
            created_at__gte=since, student__college_id=college_id
        ).values_list("student__programme__team_id"),
        Referral.objects.filter(college_id=college_id, status_changed_at__gte=since)
        .values_list("team_id"),
        Referral.objects.filter(college_id=college_id, last_feedback_at__gte=since)
        .values_list("team_id"),
    ]
    first, *rest = [qs.order_by() for qs in parts]
    return {team_id for (team_id,) in first.union(*rest) if team_id is not None}
