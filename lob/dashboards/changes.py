"""Which students' rollup facts are out of date: the students of a college whose records were
written since a moment, each source found through an index on its change time (one query).

What each figure is counted from, and the change time that finds it:
- sessions and their attendance (reach, intake, open-space sessions):
  `GuidanceSession.updated_at` (set on create and on every edit, a date moved to another
  month included; attendance changes only through its session), for the students who
  attended;
- follow-ups: `FollowUpChange.changed_at` (a row for every creation, closing and handover);
- the register (starts, ends, statuses, a move to another team's programme):
  `Student.updated_at`; counsellor changes: `CounsellorAssignment.created_at` (a change of
  counsellor makes a new assignment);
- referrals: `Referral.status_changed_at` (every transition) and `last_feedback_at`;
- records erased (lob.privacy.erasure): the erasure sets the student's `updated_at`.

A student's old facts say which teams they were counted in, so a move to another team, or a
session no longer counted, is taken out of the old team's figures as well (facts.py).
What no change time shows (a student deleted altogether, whose facts stay behind; a programme
moved to another team in the admin) is put right by the first refresh of each day, which
recomputes every student (`RollupState.computed_for`), and by `manage.py rollups_rebuild`.
"""

import datetime
from functools import reduce
from operator import or_

from django.db.models import Q

from lec.models import Referral
from students.models import CounsellorAssignment, FollowUpChange, SessionAttendance, Student


def _since(since: dict[int, datetime.datetime], college: str, changed: str) -> Q:
    """Written at or after each college's moment: (college = c AND changed >= since) OR ..."""
    return reduce(or_, (Q(**{college: c, f"{changed}__gte": at}) for c, at in since.items()))


def changed_students(since: dict[int, datetime.datetime]) -> set[int]:
    """Students of the colleges (`since`: {college: moment}) with a record behind the rollups
    written at or after their college's moment."""
    parts = [
        SessionAttendance.objects.filter(
            _since(since, "session__team__college_id", "session__updated_at")
        ).values_list("student_id"),
        FollowUpChange.objects.filter(
            _since(since, "follow_up__student__college_id", "changed_at")
        ).values_list("follow_up__student_id"),
        Student.objects.filter(_since(since, "college_id", "updated_at")).values_list("pk"),
        CounsellorAssignment.objects.filter(
            _since(since, "student__college_id", "created_at")
        ).values_list("student_id"),
        Referral.objects.filter(_since(since, "college_id", "status_changed_at"))
        .values_list("student_id"),
        Referral.objects.filter(_since(since, "college_id", "last_feedback_at"))
        .values_list("student_id"),
    ]
    first, *rest = [qs.order_by() for qs in parts]
    return {student_id for (student_id,) in first.union(*rest) if student_id is not None}
