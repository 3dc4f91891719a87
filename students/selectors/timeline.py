"""A student's timeline: sessions, closed follow-ups, counsellor changes and what other apps
contribute, newest first, read a page at a time."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from common.timeline import TimelineEntry, external_entries

from ..models import (
    CounsellorAssignment,
    FollowUp,
    GuidanceSession,
    SessionAmendment,
    SessionAttendance,
    Student,
)
from .access import can_read_first_line, counsellor_history
from .first_line import timeline_sizes


def student_timeline(
    student: Student,
    user,
    *,
    first_line: bool | None = None,
    assignments: list[CounsellorAssignment] | None = None,
    counted: int | None = None,
) -> "StudentTimeline | list[TimelineEntry]":
    """A student's timeline, newest first: sessions (present or absent) with their follow-ups
    and amendments, closed follow-ups, counsellor changes, and what other apps contribute
    (e.g. the LEC's referral status).

    For a reader of first-line records it is a `StudentTimeline` that a Paginator slices: a
    page reads only the newest entries it needs, in a fixed number of queries, however long
    the student's history. Otherwise a list of the other apps' entries. `counted`: the
    student's attendances and done follow-ups, when the caller has counted them
    (`student_page_figures`)."""
    if first_line is None:
        first_line = can_read_first_line(user, student)
        entries = list(external_entries(student, user))
    else:  # the caller (the student page) established that `user` sees the student
        entries = list(external_entries(student, user, first_line=first_line))
    if not first_line:
        return sorted(entries, key=lambda e: e.when, reverse=True)
    if assignments is None:
        assignments = list(counsellor_history(student, first_line=True))
    tz = timezone.get_current_timezone()
    for assignment in assignments:
        entries.append(
            TimelineEntry(
                when=datetime.datetime.combine(assignment.start_date, datetime.time.min, tz),
                kind="counsellor",
                title=assignment.counsellor.get_full_name(),
                template="students/timeline/assignment.html",
                context={"assignment": assignment},
            )
        )
    return StudentTimeline(student, entries, counted)


class StudentTimeline:
    """Sessions and closed follow-ups from the database, merged with entries already in hand
    (counsellor changes, other apps'), newest first; sliced like a list by the Paginator."""

    def __init__(self, student: Student, entries: list[TimelineEntry],
                 counted: int | None = None):
        self.student = student
        self.entries = entries
        self.counted = counted

    def count(self) -> int:
        """Everything on the timeline: in one query, unless the attendances and done
        follow-ups were counted already."""
        if self.counted is not None:
            return len(self.entries) + self.counted
        counted = Student.objects.filter(pk=self.student.pk).values(**timeline_sizes()).get()
        return len(self.entries) + counted["attended"] + counted["done"]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("a timeline is read a page (a slice) at a time")
        stop = key.stop
        if not stop:
            return []  # an empty page (a timeline with nothing on it)
        # The newest `stop` of each source are enough to know the newest `stop` of all.
        attendances = list(
            SessionAttendance.objects.filter(student=self.student)
            .select_related("session__counsellor", "session__group")
            .order_by("-held_at", "-pk")[:stop]
        )
        session_ids = [a.session_id for a in attendances]
        follow_ups = self._follow_ups(session_ids, stop)
        by_session = _by_session(follow_ups)
        amendments = _by_session(self._amendments(session_ids)) if session_ids else {}
        entries = list(self.entries)
        entries += [self._session_entry(a, by_session, amendments) for a in attendances]
        done = sorted((f for f in follow_ups if f.done_at), key=lambda f: (f.done_at, f.pk),
                      reverse=True)
        entries += [
            TimelineEntry(
                when=follow_up.done_at,
                kind="follow_up",
                title=follow_up.description,
                template="students/timeline/follow_up.html",
                context={"follow_up": follow_up},
            )
            for follow_up in done[:stop]
        ]
        entries.sort(key=lambda e: e.when, reverse=True)
        return entries[key]

    def _follow_ups(self, session_ids: list[int], stop: int) -> list[FollowUp]:
        """The student's follow-ups of the sessions on the page, and their newest `stop` done
        or cancelled ones."""
        newest_done = FollowUp.objects.filter(
            student=self.student, done_at__isnull=False
        ).order_by("-done_at", "-pk").values("pk")[:stop]
        return list(
            FollowUp.objects.filter(student=self.student)
            .filter(Q(session_id__in=session_ids) | Q(pk__in=newest_done))
            .select_related("owner")
            .order_by("pk")
        )

    @staticmethod
    def _amendments(session_ids: list[int]) -> QuerySet[SessionAmendment]:
        return SessionAmendment.objects.filter(session_id__in=session_ids).select_related(
            "author").order_by("created_at", "pk")

    @staticmethod
    def _session_entry(attendance: SessionAttendance, follow_ups: dict[int, list[FollowUp]],
                       amendments: dict[int, list[SessionAmendment]]) -> TimelineEntry:
        session: GuidanceSession = attendance.session
        return TimelineEntry(
            when=session.held_at,
            kind="session",
            title=session.get_kind_display(),
            template="students/timeline/session.html",
            context={
                "session": session,
                "present": attendance.present,
                "follow_ups": follow_ups.get(session.pk, []),
                "amendments": amendments.get(session.pk, []),
            },
        )


def _by_session(rows) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.session_id, []).append(row)
    return grouped
