"""The data set of `manage.py bench`: the whole ROC at `--scale N` colleges (PostgreSQL only).

Per college the register comes from the demo steps (`staff.demo.seed_organisation`,
`students.demo.seed_register`: 7 teams, 4,000 students); then plain SQL (`INSERT ... SELECT
generate_series`) adds, fast, what five school years of use leave behind:

- ≈ 200 more staff (to ≈ 300 per college) and the students who left in those years;
- ≈ 200,000 guidance sessions (individual ones with an intake for every starter, and group
  lessons) with their attendance, follow-ups for a third of the individual sessions;
- ≈ 5,000 referrals to the LEC with feedback, review cycles with 360 requests and training,
  LOB standards self-assessed by every team every year;

and finally the dashboards' rollups for the five school years. Every step is per college and
skipped when the college already has it, so a larger scale extends a smaller data set.
Random numbers are seeded per college and the data set's clock is the start of the day it is
built (`data_now`): built on the same day, a college is the same at every scale and whatever
the hour (built at 08:54, a session drawn for 09:00 today was missing that a build at 09:05
had, and every id after it shifted). `built_on` tells the day, for the bench's comparison between scales.
"""

import datetime
import time

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from common.demo import DemoContext
from staff.demo import college_for_index
from staff.models import College, User
from students.models import GuidanceSession

from .benchsql import one, sql
from .benchstaff import cycles, standards
from .models import RollupState
from .periods import school_year_of, shown_years
from .services import dashboard_refresh

SESSIONS_PER_COLLEGE = 200_000  # ≈ 2 million at scale 10 (DESIGN §7)
ROC_USER = "roc@bench.lob.demo"  # the director of the whole ROC (no college)


class Quiet:
    def write(self, *args, **kwargs):
        pass


def build(scale: int, *, out=print) -> dict:
    """Build (or extend) the data set to `scale` colleges; returns counts."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The bench data set needs PostgreSQL (set DATABASE_URL).")
    today = timezone.localdate()
    password = make_password(None)  # unusable: bench users log in through force_login
    steps = [import_string("staff.demo.seed_organisation"),
             import_string("students.demo.seed_register")]
    for index in range(scale):
        started = time.monotonic()
        with transaction.atomic():
            college, domain = college_for_index(index)
            if GuidanceSession.objects.filter(team__college=college).exists():
                continue
            ctx = DemoContext(college=college, index=index, today=today, password_hash=password,
                              stdout=Quiet(), email_domain=domain)
            for step in steps:
                step(ctx)
            _history(college.pk, index, today, password)
        out(f"  {college.name}: built in {time.monotonic() - started:.0f} s")
    _roc_user(password)
    with connection.cursor() as cursor:
        # As autovacuum leaves a database that has been in use: statistics, and a visibility
        # map that lets index-only scans skip the table (freshly loaded, every row it returns
        # would be checked in the table: a plan read from disk, not the one users get). Outside
        # a transaction; on a data set vacuumed before it takes a few seconds.
        cursor.execute("VACUUM (ANALYZE)")
    started = time.monotonic()
    college_ids = set(College.objects.values_list("pk", flat=True))
    for year in shown_years(today):
        done = set(RollupState.objects.filter(school_year=year).values_list("college_id", flat=True))
        if college_ids - done:
            dashboard_refresh(school_year=year, college_ids=sorted(college_ids - done), today=today)
    out(f"  rollups of {len(shown_years(today))} school years: "
        f"{time.monotonic() - started:.0f} s")
    return counts()


def counts() -> dict:
    return {
        "colleges": one("SELECT count(*) FROM staff_college"),
        "staff": one("SELECT count(*) FROM staff_user"),
        "students": one("SELECT count(*) FROM students_student"),
        "active_students": one("SELECT count(*) FROM students_student WHERE status = 'active'"),
        "sessions": one("SELECT count(*) FROM students_guidancesession"),
        "attendances": one("SELECT count(*) FROM students_sessionattendance"),
        "follow_ups": one("SELECT count(*) FROM students_followup"),
        "referrals": one("SELECT count(*) FROM lec_referral"),
        "review_cycles": one("SELECT count(*) FROM staff_reviewcycle"),
    }


def _roc_user(password: str) -> None:
    user, _ = User.objects.get_or_create(
        email=ROC_USER,
        defaults={"first_name": "ROC", "last_name": "Bestuur", "college": None,
                  "password": password},
    )
    user.groups.add(Group.objects.get(name="director"))


def _history(college_id: int, index: int, today: datetime.date, password: str) -> None:
    year = school_year_of(today)
    p = {
        "college": college_id,
        "seed": (index % 1000) / 1000,
        "today": today,
        "now": data_now(today),
        "window": datetime.date(year - 4, 8, 1),
        "year0": datetime.date(year, 8, 1),
        "year": year,
        "password": password,
        "n": index,
    }
    sql("SELECT setseed(%(seed)s)", p)
    _staff(p)
    _former_students(p)
    for step in (_sessions, _group_lessons, _follow_ups, _referrals, cycles, standards):
        step(p)


def _staff(p) -> None:
    """≈ 200 more teachers per college, each a counsellor in one team (≈ 300 staff)."""
    sql("""
        WITH new AS (
            INSERT INTO staff_user (password, is_superuser, email, first_name, last_name,
                                    college_id, language, is_active, is_staff, date_joined)
            SELECT %(password)s, false, 'docent.' || g || '@bench' || %(n)s || '.lob.demo',
                   'Docent', 'Nummer ' || g, %(college)s, 'nl', true, false, %(now)s
            FROM generate_series(1, 200) g
            RETURNING id
        ), numbered AS (
            SELECT id, row_number() OVER (ORDER BY id) AS r FROM new
        ), teams AS (
            SELECT id, row_number() OVER (ORDER BY id) - 1 AS t, count(*) OVER () AS n
            FROM staff_team WHERE college_id = %(college)s
        )
        INSERT INTO staff_teammembership (team_id, user_id, role)
        SELECT teams.id, numbered.id, 'counsellor'
        FROM numbered JOIN teams ON teams.t = numbered.r %% teams.n
    """, p)
    sql("""
        INSERT INTO staff_user_groups (user_id, group_id)
        SELECT u.id, g.id FROM staff_user u, auth_group g
        WHERE u.college_id = %(college)s AND u.email LIKE 'docent.%%' AND g.name = 'counsellor'
    """, p)


def _former_students(p) -> None:
    """Students who left before this school year: cohorts of the last seven years whose
    programme ended, and drop-outs and transfers."""
    sql("""
        WITH programmes AS (
            SELECT pr.id, count(*) FILTER (WHERE s.study_year = 1) AS per_year,
                   max(s.study_year) AS years
            FROM students_programme pr
            JOIN staff_team t ON t.id = pr.team_id
            JOIN students_student s ON s.programme_id = pr.id
            WHERE t.college_id = %(college)s
            GROUP BY pr.id
        ), cohorts AS (
            SELECT pr.id AS programme_id, pr.years, y AS start_year, g
            FROM programmes pr,
                 generate_series(%(year)s - 7, %(year)s - 1) y,
                 generate_series(1, pr.per_year) g
            WHERE y + pr.years <= %(year)s AND y + pr.years >= %(year)s - 4
        ), fates AS (
            SELECT c.*, random() AS roll, make_date(c.start_year, 9, 1) AS start
            FROM cohorts c
        )
        INSERT INTO students_student (college_id, student_number, first_name, last_name,
            date_of_birth, programme_id, study_year, start_date, has_start_qualification,
            status, end_date, end_reason, email, phone, created_at, updated_at)
        SELECT %(college)s, 'X' || (100000 + row_number() OVER ())::text, 'Oud', 'Student',
               start - 6200 - (random() * 900)::int, programme_id,
               CASE WHEN roll < 0.88 THEN years
                    ELSE least(years, 1 + (end_day - start) / 365) END,
               start, false,
               CASE WHEN roll < 0.88 THEN 'graduated' WHEN roll < 0.97 THEN 'dropped_out'
                    ELSE 'transferred' END,
               end_day, '', '', '', %(now)s, %(now)s
        FROM (
            SELECT f.*, CASE WHEN roll < 0.88 THEN make_date(start_year + years, 7, 1)
                             ELSE least(%(year0)s - 1, start + 40 + (random() * 700)::int) END
                        AS end_day
            FROM fates f
        ) x
    """, p)
    sql("""
        INSERT INTO students_counsellorassignment (student_id, counsellor_id, start_date,
            end_date, handover_note, created_at)
        SELECT s.id, (
                SELECT m.user_id FROM staff_teammembership m
                WHERE m.team_id = pr.team_id AND m.role = 'counsellor'
                ORDER BY m.user_id OFFSET (s.id %% 8) LIMIT 1
            ), s.start_date, s.end_date, '', %(now)s
        FROM students_student s JOIN students_programme pr ON pr.id = s.programme_id
        WHERE s.college_id = %(college)s AND s.student_number LIKE 'X%%'
    """, p)




def _sessions(p) -> None:
    """Individual sessions (an intake for every starter, then about one a month) with
    attendance. Ids come from the table's own sequence: both are written from one table."""
    sql("DROP TABLE IF EXISTS bench_src")
    sql("""
        CREATE TEMP TABLE bench_src AS
        WITH students AS (
            SELECT s.id, s.start_date, coalesce(s.end_date, %(today)s) AS last_day,
                   pr.team_id, pr.pathway,
                   (SELECT a.counsellor_id FROM students_counsellorassignment a
                    WHERE a.student_id = s.id ORDER BY a.start_date DESC LIMIT 1) AS counsellor
            FROM students_student s JOIN students_programme pr ON pr.id = s.programme_id
            WHERE s.college_id = %(college)s
        ), intakes AS (
            SELECT id AS student_id, team_id, counsellor,
                   (start_date + (random() * 40)::int)::timestamp + interval '10 hours' AS held_at,
                   'intake' AS kind, 'private_room' AS location
            FROM students
            WHERE start_date >= %(window)s AND start_date <= %(today)s AND random() < 0.9
        ), regular AS (
            SELECT st.id AS student_id, st.team_id, st.counsellor,
                   m::timestamp + (random() * 27)::int * interval '1 day'
                     + (8 + (random() * 8)::int) * interval '1 hour' AS held_at,
                   (ARRAY['career', 'study_progress', 'portfolio', 'placement_visit',
                          'career_reflection'])[1 + (random() * 4)::int] AS kind,
                   (ARRAY['private_room', 'private_room', 'open_space', 'placement', 'online',
                          'phone'])[1 + (random() * 5)::int] AS location
            FROM students st,
                 generate_series(%(window)s::date, %(today)s::date, interval '1 month') m
            WHERE m >= st.start_date AND m < st.last_day
              AND extract(month FROM m) NOT IN (7, 8) AND random() < 0.95
        )
        SELECT nextval(pg_get_serial_sequence('students_guidancesession', 'id')) AS id, *
        FROM (SELECT * FROM intakes UNION ALL SELECT * FROM regular) x
        WHERE held_at < %(now)s AND counsellor IS NOT NULL
    """, p)
    sql("""
        INSERT INTO students_guidancesession (id, counsellor_id, team_id, group_id, held_at, duration_minutes, kind, format,
            location, comp_qualities, comp_motives, comp_work_exploration, comp_career_steering,
            comp_networking, could_speak_freely, summary, agreements, intake_motivation,
            intake_prior_education, intake_support_needs, intake_workplace, intake_complete,
            shared_summary, shared_agreements, shared_with_guardians,
            created_at, updated_at, version)
        SELECT id, counsellor, team_id, NULL, held_at AT TIME ZONE 'Europe/Amsterdam', 30, kind,
               'individual', location, random() < 0.4, random() < 0.3, random() < 0.3,
               random() < 0.2, random() < 0.1,
               CASE WHEN location = 'open_space' THEN random() < 0.8 END, '', '',
               kind = 'intake', kind = 'intake', kind = 'intake', false, kind = 'intake',
               '', '', false, held_at AT TIME ZONE 'Europe/Amsterdam', held_at AT TIME ZONE 'Europe/Amsterdam', 1
        FROM bench_src
    """)
    sql("""
        INSERT INTO students_sessionattendance (session_id, student_id, held_at, present)
        SELECT id, student_id, held_at AT TIME ZONE 'Europe/Amsterdam', random() < 0.95
        FROM bench_src
    """)


def _group_lessons(p) -> None:
    """Every current group every week for two school years, with attendance."""
    sql("DROP TABLE IF EXISTS bench_groups")
    sql("""
        CREATE TEMP TABLE bench_groups AS
        SELECT nextval(pg_get_serial_sequence('students_guidancesession', 'id')) AS id,
               g.id AS group_id, g.team_id, g.counsellor_id,
               d::timestamp + interval '13 hours' AS held_at
        FROM students_group g JOIN staff_team t ON t.id = g.team_id,
             generate_series(%(year0)s::date - 365, %(today)s::date - 1, interval '7 days') d
        WHERE t.college_id = %(college)s AND g.counsellor_id IS NOT NULL
          AND extract(month FROM d) NOT IN (7, 8)
    """, p)
    sql("""
        INSERT INTO students_guidancesession (id, counsellor_id, team_id, group_id, held_at, duration_minutes, kind, format,
            location, comp_qualities, comp_motives, comp_work_exploration, comp_career_steering,
            comp_networking, could_speak_freely, summary, agreements, intake_motivation,
            intake_prior_education, intake_support_needs, intake_workplace, intake_complete,
            shared_summary, shared_agreements, shared_with_guardians,
            created_at, updated_at, version)
        SELECT id, counsellor_id, team_id, group_id, held_at AT TIME ZONE 'Europe/Amsterdam',
               50, 'group_lesson', 'group', 'private_room', random() < 0.5, random() < 0.5,
               random() < 0.5, random() < 0.3, random() < 0.3, NULL, '', '', false, false,
               false, false, false, '', '', false, held_at AT TIME ZONE 'Europe/Amsterdam',
               held_at AT TIME ZONE 'Europe/Amsterdam', 1
        FROM bench_groups
    """)
    sql("""
        INSERT INTO students_sessionattendance (session_id, student_id, held_at, present)
        SELECT b.id, sg.student_id, b.held_at AT TIME ZONE 'Europe/Amsterdam', random() < 0.9
        FROM bench_groups b
        JOIN students_student_groups sg ON sg.group_id = b.group_id
        JOIN students_student s ON s.id = sg.student_id
        WHERE s.start_date <= b.held_at::date
    """)


def _follow_ups(p) -> None:
    sql("""
        INSERT INTO students_followup (session_id, student_id, owner_id, description, due_date,
                                       status, done_at, closing_note, student_owned,
                                       created_at, version)
        SELECT b.id, b.student_id, b.counsellor, 'Vervolgafspraak', due,
               CASE WHEN due < %(today)s - 10 AND r < 0.92 THEN 'done'
                    WHEN due < %(today)s - 10 AND r < 0.95 THEN 'cancelled' ELSE 'open' END,
               CASE WHEN due < %(today)s - 10 AND r < 0.95
                    THEN (due::timestamp + interval '12 hours') AT TIME ZONE 'Europe/Amsterdam' END,
               '', false, b.held_at AT TIME ZONE 'Europe/Amsterdam', 1
        FROM (SELECT *, held_at::date + 7 + (random() * 21)::int AS due, random() AS r
              FROM bench_src WHERE random() < 0.33) b
    """, p)


def _referrals(p) -> None:
    """≈ 1,000 referrals a year per college; those of the last six weeks still open."""
    sql("DROP TABLE IF EXISTS bench_ref")
    sql("""
        CREATE TEMP TABLE bench_ref AS
        SELECT nextval(pg_get_serial_sequence('lec_referral', 'id')) AS id, x.*,
               CASE WHEN recent THEN (ARRAY['submitted', 'triage', 'diagnosis', 'plan',
                                            'in_progress'])[1 + (random() * 4)::int]
                    WHEN random() < 0.25 THEN 'returned' ELSE 'closed' END AS status,
               (SELECT array_agg(u.id ORDER BY u.id) FROM staff_user u
                      JOIN staff_user_groups ug ON ug.user_id = u.id
                      JOIN auth_group g ON g.id = ug.group_id
                      WHERE u.college_id = %(college)s AND g.name IN ('lec_worker', 'lec_lead')) AS workers
        FROM (
            SELECT DISTINCT ON (s.id, recent) s.id AS student_id, pr.team_id, s.date_of_birth,
                   s.has_start_qualification,
                   a.held_at AT TIME ZONE 'Europe/Amsterdam' + interval '1 day' AS referred_at,
                   a.held_at > %(now)s - interval '42 days' AS recent, a.counsellor
            FROM bench_src a
            JOIN students_student s ON s.id = a.student_id
            JOIN students_programme pr ON pr.id = s.programme_id
            WHERE random() < 0.075 AND a.held_at < %(now)s - interval '1 day'
            ORDER BY s.id, recent, a.held_at DESC
        ) x
        WHERE NOT recent OR x.student_id %% 3 = 0
    """, p)
    sql("""
        INSERT INTO lec_referral (id, college_id, student_id, team_id, source, referred_by_id,
            referred_at, reason, concern_domains, urgency, tried, student_knows, student_agrees,
            age_at_referral, had_start_qualification, eligibility, trajectory,
            eligibility_justification, status, status_changed_at, version, assigned_to_id,
            triaged_at, decided_at, evaluation_date, closed_at, outcome, last_feedback_at,
            shared_with_first_line)
        SELECT id, %(college)s, student_id, team_id, 'team', counsellor, referred_at,
               'Zorgen over verzuim', '["attendance"]'::jsonb, 'normal', 'Gesprekken', true,
               true, extract(year FROM age(referred_at::date, date_of_birth))::int,
               has_start_qualification, 'full',
               CASE WHEN status IN ('submitted', 'triage') THEN '' ELSE 'full' END, '',
               status, least(referred_at + interval '3 days', %(now)s), 1,
               CASE WHEN status = 'submitted' THEN NULL
                    ELSE workers[1 + (id %% array_length(workers, 1))] END,
               CASE WHEN status = 'submitted' THEN NULL
                    ELSE referred_at + (random() * 8)::int * interval '1 day' END,
               CASE WHEN status IN ('submitted', 'triage') THEN NULL
                    ELSE referred_at + interval '9 days' END,
               NULL,
               CASE WHEN status = 'closed' THEN referred_at + interval '30 days' END,
               CASE WHEN status = 'closed' THEN (ARRAY['back_in_programme', 'other_programme',
                    'other_school', 'work', 'external_trajectory', 'dropped_out'])
                    [1 + (random() * 5)::int] ELSE '' END,
               NULL, true
        FROM bench_ref
    """, p)
    sql("""
        INSERT INTO lec_feedback (referral_id, kind, text, author_id, created_at)
        SELECT id, CASE WHEN status = 'returned' THEN 'returned' ELSE 'closure' END,
               'Terugkoppeling aan de eerste lijn', assigned_to_id,
               coalesce(closed_at, decided_at) + (random() * 10)::int * interval '1 day'
        FROM lec_referral
        WHERE college_id = %(college)s AND status IN ('returned', 'closed')
          AND assigned_to_id IS NOT NULL
    """, p)


def data_now(today: datetime.date) -> datetime.datetime:
    """The "now" of a data set built on `today`: midnight at its start (local time)."""
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time()))


def built_on() -> datetime.date | None:
    """The day the data set was built (its ROC user is made at the end of the first build)."""
    joined = (User.objects.filter(email=ROC_USER).values_list("date_joined", flat=True)
              .first())
    return timezone.localdate(joined) if joined else None


def bench_college() -> College:
    return College.objects.order_by("pk").first()


def add_sessions(n: int) -> int:
    """A day's writes for `make bench` to measure the rollup refresh with (inside its
    rolled-back transaction): `n` individual sessions held in the last hours, for active
    students picked across the whole ROC (the same ones for the same data set), each by the
    student's current counsellor. Returns the number of sessions added."""
    p = {"n": n, "now": timezone.now()}
    sql("DROP TABLE IF EXISTS bench_new")
    sql("""
        CREATE TEMP TABLE bench_new AS
        SELECT nextval(pg_get_serial_sequence('students_guidancesession', 'id')) AS id, x.*,
               %(now)s::timestamptz - (x.r * interval '5 seconds') - interval '1 minute'
                   AS held_at
        FROM (
            SELECT s.id AS student_id, pr.team_id, a.counsellor_id,
                   row_number() OVER (ORDER BY md5(s.id::text)) AS r
            FROM students_student s
            JOIN students_programme pr ON pr.id = s.programme_id
            JOIN students_counsellorassignment a ON a.student_id = s.id AND a.end_date IS NULL
            WHERE s.status = 'active'
            ORDER BY md5(s.id::text) LIMIT %(n)s
        ) x
    """, p)
    added = sql("""
        INSERT INTO students_guidancesession (id, counsellor_id, team_id, group_id, held_at,
            duration_minutes, kind, format, location, comp_qualities, comp_motives,
            comp_work_exploration, comp_career_steering, comp_networking, could_speak_freely,
            summary, agreements, intake_motivation, intake_prior_education,
            intake_support_needs, intake_workplace, intake_complete, shared_summary,
            shared_agreements, shared_with_guardians, created_at, updated_at, version)
        SELECT id, counsellor_id, team_id, NULL, held_at, 30, 'career', 'individual',
               CASE WHEN r %% 5 = 0 THEN 'open_space' ELSE 'private_room' END,
               true, false, false, false, false,
               CASE WHEN r %% 5 = 0 THEN true END, '', '', false, false, false, false, false,
               '', '', false, %(now)s, %(now)s, 1
        FROM bench_new
    """, p)
    sql("""
        INSERT INTO students_sessionattendance (session_id, student_id, held_at, present)
        SELECT id, student_id, held_at, true FROM bench_new
    """)
    return added
