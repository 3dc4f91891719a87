"""Measure the sweep at scale: N follow-ups of which M overdue, time and query count.

Everything runs in one transaction that is rolled back at the end: the database is left as it
was. Use a PostgreSQL database for figures that mean something:

    DATABASE_URL=postgres://... manage.py bench_reminders --follow-ups 100000 --overdue 10000
"""

import datetime
import time

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from lob.notifications import services
from lob.notifications.models import Digest, SweepRun
from staff.models import College, Team, TeamMembership, User
from staff.roles import Role
from students.models import (
    CounsellorAssignment,
    FollowUp,
    GuidanceSession,
    Programme,
    SessionAttendance,
    Student,
)


class Command(BaseCommand):
    help = "Time the reminder sweep for many follow-ups (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--follow-ups", type=int, default=100_000)
        parser.add_argument("--overdue", type=int, default=10_000)
        parser.add_argument("--counsellors", type=int, default=200)
        parser.add_argument("--students", type=int, default=20_000)

    def handle(self, *args, follow_ups, overdue, counsellors, students, **options):
        if overdue > follow_ups:
            self.stderr.write("--overdue cannot exceed --follow-ups")
            return
        with transaction.atomic():
            t0 = time.perf_counter()
            self._fill(follow_ups, overdue, counsellors, students)
            self.stdout.write(f"Filled in {time.perf_counter() - t0:.1f}s on {connection.vendor}: "
                              f"{follow_ups} follow-ups ({overdue} overdue), {students} students, "
                              f"{counsellors} counsellors")
            for scope in (SweepRun.Scope.DAILY, SweepRun.Scope.WEEKLY):
                with CaptureQueriesContext(connection) as queries:
                    t0 = time.perf_counter()
                    result = services.reminders_sweep(scope=scope)
                    elapsed = time.perf_counter() - t0
                self.stdout.write(
                    f"{scope} sweep: {elapsed:.2f}s, {len(queries)} queries, "
                    f"{result.total} reminders recorded "
                    f"{ {str(k.value): v for k, v in result.recorded.items() if v} }, "
                    f"{len(result.digest_ids)} digests opened"
                )
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                ids = list(Digest.objects.filter(sent_at__isnull=True).values_list("pk", flat=True))
                with CaptureQueriesContext(connection) as queries:
                    t0 = time.perf_counter()
                    for pk in ids:
                        services.digest_send(digest_id=pk)
                    elapsed = time.perf_counter() - t0
                self.stdout.write(f"sending {len(ids)} digests (locmem backend): {elapsed:.2f}s, "
                                  f"{len(queries)} queries ({len(queries) / max(len(ids), 1):.0f} "
                                  f"per digest)")
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                again = services.reminders_sweep()
                elapsed = time.perf_counter() - t0
            self.stdout.write(f"second daily sweep: {elapsed:.2f}s, {len(queries)} queries, "
                              f"{again.total} new")
            transaction.set_rollback(True)
        self.stdout.write("Rolled back: the database is unchanged.")

    def _fill(self, n_follow_ups, n_overdue, n_counsellors, n_students):
        today = timezone.localdate()
        now = timezone.now()
        college = College.objects.create(name="Bench College", short_name="bench-reminders")
        team = Team.objects.create(college=college, name="Bench", code="bench")
        programme = Programme.objects.create(team=team, name="Bench", crebo="99999", level=3,
                                             pathway="BOL")
        users = User.objects.bulk_create([
            User(email=f"bench{i}@bench.test", first_name="Bench", last_name=str(i),
                 college=college, password=make_password(None))
            for i in range(n_counsellors + 1)
        ])
        manager, people = users[0], users[1:]
        TeamMembership.objects.bulk_create(
            [TeamMembership(team=team, user=manager, role=Role.MANAGER)]
            + [TeamMembership(team=team, user=u, role=Role.COUNSELLOR) for u in people]
        )
        Group.objects.get(name=Role.MANAGER).user_set.add(manager)
        start = today - datetime.timedelta(days=400)
        studs = Student.objects.bulk_create([
            Student(college=college, student_number=f"B{i:07d}", first_name="Student",
                    last_name=str(i), date_of_birth=datetime.date(2007, 1, 1),
                    programme=programme, study_year=2, start_date=start)
            for i in range(n_students)
        ], batch_size=5000)
        CounsellorAssignment.objects.bulk_create([
            CounsellorAssignment(student=s, counsellor=people[i % len(people)], start_date=start)
            for i, s in enumerate(studs)
        ], batch_size=5000)
        sessions = GuidanceSession.objects.bulk_create([
            GuidanceSession(counsellor=people[i % len(people)], team=team,
                            held_at=now - datetime.timedelta(days=i % 120), duration_minutes=30,
                            kind="career", format="individual", location="private_room")
            for i in range(n_students)
        ], batch_size=5000)
        SessionAttendance.objects.bulk_create([
            SessionAttendance(session=sess, student=studs[i], held_at=sess.held_at)
            for i, sess in enumerate(sessions)
        ], batch_size=5000)
        rows = []
        for i in range(n_follow_ups):
            late = i < n_overdue
            due = today - datetime.timedelta(days=1 + i % 14) if late else today + datetime.timedelta(days=1 + i % 60)
            k = i % n_students
            rows.append(FollowUp(session=sessions[k], student=studs[k], owner=sessions[k].counsellor,
                                 description="Bench", due_date=due))
        FollowUp.objects.bulk_create(rows, batch_size=5000)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, as in a database that has lived
