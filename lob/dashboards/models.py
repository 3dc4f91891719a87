"""Rollups behind the dashboards.

Counting reach, intake and continuity over five school years of a whole ROC (≈2 million
sessions) on every page view would be too slow, so the student figures are kept per
(team, school year, pathway, study year) and refreshed by a Celery task (see `services.py`).
Pages sum these rows in the database; drill-down lists stay live. Every row the pages read is
an aggregate: no names, no session or LEC content. The per-student rows they are summed from
(StudentYearFacts) hold counts and flags only, and are read by the refresh alone.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lec.models import Outcome as ReferralOutcome
from staff.models import College, Team

# One count column per LEC closure outcome: ref_out_<value>.
REFERRAL_OUTCOME_FIELDS = [f"ref_out_{o.value}" for o in ReferralOutcome]


class RollupState(models.Model):
    """When the rollup of one college and school year was last computed.

    `refreshed_at` is when that computation started: the next refresh recomputes the students
    whose records changed since then (see `changes.py`). `computed_for` is the day the figures
    were computed for (reach and overdue counts move with the day): on another day every team
    is recomputed."""

    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="+")
    school_year = models.PositiveIntegerField()
    refreshed_at = models.DateTimeField()
    computed_for = models.DateField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    # Of the last refresh: the students whose facts were recomputed, the teams summed again.
    students_recomputed = models.PositiveIntegerField(default=0)
    teams_recomputed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["college", "school_year"], name="rollup_state_unique"),
        ]

    def __str__(self):
        return f"{self.college_id}/{self.school_year} @ {self.refreshed_at:%Y-%m-%d %H:%M}"


class YearFigures(models.Model):
    """The student figures of one school year: a team's (summed over its students) or one
    student's part of them (StudentYearFacts)."""

    # Reach, at the reference date (today, or the last day of a past school year).
    active = models.PositiveIntegerField(default=0)
    seen = models.PositiveIntegerField(default=0)
    # Intake of the students who started in the school year.
    starters = models.PositiveIntegerField(default=0)
    intake_on_time = models.PositiveIntegerField(default=0)
    intake_pending = models.PositiveIntegerField(default=0)  # deadline not passed yet
    # Individual sessions held in the school year (present students).
    individual_sessions = models.PositiveIntegerField(default=0)
    open_space_sessions = models.PositiveIntegerField(default=0)
    spoke_freely = models.PositiveIntegerField(default=0)
    not_spoke_freely = models.PositiveIntegerField(default=0)
    # Counsellor continuity of the students active at the reference date.
    single_counsellor = models.PositiveIntegerField(default=0)
    counsellor_changes = models.PositiveIntegerField(default=0)
    # Follow-ups due in the school year.
    follow_ups = models.PositiveIntegerField(default=0)
    follow_ups_open = models.PositiveIntegerField(default=0)
    follow_ups_overdue = models.PositiveIntegerField(default=0)
    follow_ups_done = models.PositiveIntegerField(default=0)
    # Referrals to the LEC made in the school year (states, dates and outcomes only).
    referrals = models.PositiveIntegerField(default=0)
    referrals_open = models.PositiveIntegerField(default=0)
    referrals_triaged = models.PositiveIntegerField(default=0)
    referrals_ended = models.PositiveIntegerField(default=0)  # returned or closed
    # Owing feedback to the first line: ended, or in case work past the term since acceptance
    # (figures.feedback_due_q); and of those, with feedback on time.
    referrals_feedback_due = models.PositiveIntegerField(default=0)
    referrals_feedback_on_time = models.PositiveIntegerField(default=0)
    # {days from referral to triage: number of referrals}: medians combine exactly.
    triage_days = models.JSONField(default=dict)
    # How the referrals closed in the school year ended (lec.models.Outcome).
    ref_out_back_in_programme = models.PositiveIntegerField(default=0)
    ref_out_other_programme = models.PositiveIntegerField(default=0)
    ref_out_other_school = models.PositiveIntegerField(default=0)
    ref_out_work = models.PositiveIntegerField(default=0)
    ref_out_external_trajectory = models.PositiveIntegerField(default=0)
    ref_out_dropped_out = models.PositiveIntegerField(default=0)
    # Students who left in the school year.
    graduated = models.PositiveIntegerField(default=0)
    dropped_out = models.PositiveIntegerField(default=0)
    transferred = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class TeamYearFigures(YearFigures):
    """A team's student figures in one school year, for one pathway and study year."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="+")
    school_year = models.PositiveIntegerField()
    pathway = models.CharField(max_length=3)
    study_year = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "school_year", "pathway", "study_year"],
                name="team_year_figures_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["school_year", "college"], name="figures_year_college_idx"),
        ]

    def __str__(self):
        return f"{self.team_id}/{self.school_year}/{self.pathway}{self.study_year}"


class StudentYearFacts(YearFigures):
    """One student's part of the figures of one school year: a team's TeamYearFigures row is
    the sum of its students' rows, its TeamMonthReach rows count the bits of `active_months`
    and `seen_months`. A refresh recomputes the rows of the students whose records changed and
    sums again the teams they were or are counted in (see services.py).

    One row per student and team: the student's own team (their programme's) carries what is
    counted there (reach, intake, continuity, outcomes, follow-ups; `enrolled`: the student
    is one of the team's in the school year); another team has a row when it held sessions
    with the student or referred them. Rows are derived and rewritten by every refresh; they
    are kept only for the school years still refreshed (services.facts_purge).

    `student_id` is not a foreign key: the rows are counts and flags derived from the
    records, rewritten by the refresh, not records about the student themselves; a student
    deleted altogether leaves theirs until the first refresh of the next day recomputes
    every student (changes.py)."""

    student_id = models.PositiveIntegerField()
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="+")
    school_year = models.PositiveIntegerField()
    pathway = models.CharField(max_length=3)
    study_year = models.PositiveSmallIntegerField()
    enrolled = models.BooleanField(default=False)
    # Bit i: active (seen) at the end of month i of the school year (bit 0: August).
    active_months = models.PositiveIntegerField(default=0)
    seen_months = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student_id", "school_year", "team"],
                                    name="student_year_facts_unique"),
        ]
        indexes = [
            models.Index(fields=["school_year", "team"], name="facts_year_team_idx"),
            models.Index(fields=["school_year", "college", "student_id"],
                         name="facts_year_college_idx"),
        ]

    def __str__(self):
        return f"{self.student_id}/{self.school_year}/{self.team_id}"


class TeamMonthReach(models.Model):
    """Reach at the end of each month (or today for the running month): the trend chart."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="+")
    school_year = models.PositiveIntegerField()
    month = models.DateField(help_text=_("First day of the month."))
    pathway = models.CharField(max_length=3)
    study_year = models.PositiveSmallIntegerField()
    active = models.PositiveIntegerField(default=0)
    seen = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "month", "pathway", "study_year"], name="team_month_reach_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["school_year", "college"], name="reach_year_college_idx"),
        ]

    def __str__(self):
        return f"{self.team_id}/{self.month}/{self.pathway}{self.study_year}"


class TeamStaffFigures(models.Model):
    """A team's staff figures in one school year (review cycles, 360 requests, training,
    standards), so that the college and ROC views sum a row per team instead of reading every
    cycle and request of the ROC. The team dashboard reads its own team's live."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="+")
    school_year = models.PositiveIntegerField()
    cycles = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    requests = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    training_hours = models.DecimalField(max_digits=9, decimal_places=1, default=0)
    # The mean standards score combines exactly from a sum and a count.
    standards_score_sum = models.PositiveIntegerField(default=0)
    standards_assessed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "school_year"],
                                    name="team_staff_figures_unique"),
        ]
        indexes = [
            models.Index(fields=["school_year", "college"], name="staff_figures_year_idx"),
        ]

    def __str__(self):
        return f"{self.team_id}/{self.school_year} staff"
