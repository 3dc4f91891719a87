"""The first-line record: guidance sessions (who attended, revisions, amendments) and the
follow-ups agreed in them."""

import datetime

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from common.choices import choice_display
from common.dates import (
    plausible_date_check,
    plausible_moment_check,
    validate_plausible_date,
)
from staff.models import Team

from .register import Group, Student


class SessionKind(models.TextChoices):
    INTAKE = "intake", _("Intake")
    CAREER = "career", _("Career conversation")
    STUDY_PROGRESS = "study_progress", _("Study progress")
    PORTFOLIO = "portfolio", _("Portfolio")
    PLACEMENT_VISIT = "placement_visit", _("Placement visit")
    CAREER_REFLECTION = "career_reflection", _("Career-reflection conversation")
    GROUP_LESSON = "group_lesson", _("Group LOB lesson")
    ALUMNUS = "alumnus", _("Talk with an alumnus")


class SessionFormat(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")


class SessionLocation(models.TextChoices):
    PRIVATE_ROOM = "private_room", _("Private room")
    OPEN_SPACE = "open_space", _("Open space")
    PLACEMENT = "placement", _("Placement")
    ONLINE = "online", _("Online")
    PHONE = "phone", _("Phone")
    CLASSROOM = "classroom", _("Classroom")


class Competency(models.TextChoices):
    """The five career competencies; each is a boolean column `comp_<value>` on the session
    (portable across SQLite and PostgreSQL, and a plain COUNT for the dashboards)."""

    QUALITIES = "qualities", _("Qualities reflection")
    MOTIVES = "motives", _("Motives reflection")
    WORK_EXPLORATION = "work_exploration", _("Work exploration")
    CAREER_STEERING = "career_steering", _("Career steering")
    NETWORKING = "networking", _("Networking")

    @property
    def field_name(self) -> str:
        return f"comp_{self.value}"


# The intake checklist (DESIGN §3, LOB standard "intake"); `workplace` applies to BBL only.
INTAKE_ITEMS = (
    ("intake_motivation", _("Motivation and choice of programme")),
    ("intake_prior_education", _("Prior education and start qualification")),
    ("intake_support_needs", _("Support needs")),
    ("intake_workplace", _("Workplace and its trainer (BBL)")),
)


# What a counsellor may write in one field of a session or an amendment: a long conversation
# fits; a pasted document does not belong in the record. Checked by the forms and the services
# (no database constraint: rows written before the bound stay as they are).
SUMMARY_MAX_LENGTH = 5000
AMENDMENT_MAX_LENGTH = 2000


class GuidanceSession(models.Model):
    """One conversation or lesson held by a counsellor with one student or a group.

    Who took part is in `SessionAttendance` (one row per student, present or absent)."""

    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="guidance_sessions",
        verbose_name=_("counsellor"),
    )
    # The team whose students took part, fixed when logged: dashboards count per team without
    # walking students, and the record keeps its team when a student changes programme.
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="guidance_sessions", verbose_name=_("team"),
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("group"),
    )
    held_at = models.DateTimeField(_("date and time"), validators=[validate_plausible_date])
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    format = models.CharField(_("format"), max_length=10, choices=SessionFormat.choices)
    location = models.CharField(_("location"), max_length=20, choices=SessionLocation.choices)
    comp_qualities = models.BooleanField(Competency.QUALITIES.label, default=False)
    comp_motives = models.BooleanField(Competency.MOTIVES.label, default=False)
    comp_work_exploration = models.BooleanField(Competency.WORK_EXPLORATION.label, default=False)
    comp_career_steering = models.BooleanField(Competency.CAREER_STEERING.label, default=False)
    comp_networking = models.BooleanField(Competency.NETWORKING.label, default=False)
    # Only asked for individual sessions in an open space; None = not asked / not noted.
    could_speak_freely = models.BooleanField(_("student could speak freely"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True, max_length=SUMMARY_MAX_LENGTH)
    agreements = models.TextField(_("agreements"), blank=True, max_length=SUMMARY_MAX_LENGTH)
    # The part shared with the student (their portal), beside the internal summary above: a
    # summary written for the student and the agreements made with them. Every student who
    # took part sees it (in a group session: the whole group), so it names no one else.
    shared_summary = models.TextField(
        _("summary for the student"), blank=True, max_length=SUMMARY_MAX_LENGTH
    )
    shared_agreements = models.TextField(
        _("agreements with the student"), blank=True, max_length=SUMMARY_MAX_LENGTH
    )
    # The shared agreements are also shown to the parents or guardians who may look along
    # (under 18, or with the student's consent).
    shared_with_guardians = models.BooleanField(_("agreements shared with parents"), default=False)
    intake_motivation = models.BooleanField(INTAKE_ITEMS[0][1], default=False)
    intake_prior_education = models.BooleanField(INTAKE_ITEMS[1][1], default=False)
    intake_support_needs = models.BooleanField(INTAKE_ITEMS[2][1], default=False)
    intake_workplace = models.BooleanField(INTAKE_ITEMS[3][1], default=False)
    # Set by the service from the checklist and the student's pathway: a plain column for the
    # caseload and the dashboard.
    intake_complete = models.BooleanField(_("intake complete"), default=False)
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("recorded on"),
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The edit form carries it: common.concurrency.
    version = models.PositiveIntegerField(default=1)
    # The log form's one-time token: a second submit of the same form (a double click, a
    # resend, two tabs of one page) finds this session instead of logging another one.
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    # Shown on every entry of a student's timeline (see common/choices.py).
    get_kind_display = choice_display("kind", SessionKind)
    get_location_display = choice_display("location", SessionLocation)

    class Meta:
        ordering = ["-held_at", "-id"]
        verbose_name = _("guidance session")
        verbose_name_plural = _("guidance sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=480),
                name="session_duration_1_to_480",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SessionKind.values), name="session_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(format__in=SessionFormat.values), name="session_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(location__in=SessionLocation.values), name="session_location_valid"
            ),
            plausible_moment_check("held_at", name="session_held_at_plausible"),
            models.UniqueConstraint(
                fields=["counsellor", "submission_token"],
                condition=Q(submission_token__isnull=False),
                name="session_submission_token_once",
            ),
        ]
        indexes = [
            models.Index(fields=["counsellor", "held_at"], name="session_counsellor_held_idx"),
            models.Index(fields=["team", "held_at"], name="session_team_held_idx"),
            # The dashboards' rollup refresh finds the sessions written since the last one.
            models.Index(fields=["updated_at"], name="session_updated_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {timezone.localtime(self.held_at):%Y-%m-%d %H:%M}"

    @property
    def competencies(self) -> list[Competency]:
        return [c for c in Competency if getattr(self, c.field_name)]

    @property
    def is_individual(self) -> bool:
        return self.format == SessionFormat.INDIVIDUAL

    @property
    def in_open_space(self) -> bool:
        return self.location == SessionLocation.OPEN_SPACE

    @property
    def editable_until(self) -> datetime.datetime:
        return self.created_at + datetime.timedelta(days=settings.LOB_SESSION_EDIT_DAYS)

    def is_editable_by(self, user, *, now: datetime.datetime | None = None) -> bool:
        """The author may edit for LOB_SESSION_EDIT_DAYS; after that only amendments."""
        return self.counsellor_id == user.pk and (now or timezone.now()) < self.editable_until

    @property
    def intake_items(self) -> list[tuple[str, str, bool]]:
        return [(name, label, getattr(self, name)) for name, label in INTAKE_ITEMS]


class SessionAttendance(models.Model):
    """A student's part in a session. `held_at` is copied from the session so that a student's
    timeline and "last seen" read one index, (student, held_at), at any table size."""

    session = models.ForeignKey(
        GuidanceSession, on_delete=models.CASCADE, related_name="attendances",
        verbose_name=_("session"),
    )
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="attendances")
    held_at = models.DateTimeField()
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        ordering = ["-held_at"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "student"], name="attendance_unique_per_session"
            ),
            plausible_moment_check("held_at", name="attendance_held_at_plausible"),
        ]
        indexes = [
            models.Index(fields=["student", "held_at"], name="attendance_student_held_idx"),
        ]

    def __str__(self):
        return f"{self.student_id} @ {self.session_id} ({'present' if self.present else 'absent'})"


def _revision_value(field, text: str | None) -> str | None:
    """A value of a session's edit history as the app shows it (stored as text: choices by
    their value, moments as "YYYY-MM-DD HH:MM" local time)."""
    if text is None:
        return None
    if field.choices:
        return str(dict(field.flatchoices).get(text, text))
    if isinstance(field, models.DateTimeField):
        try:
            moment = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M")
        except ValueError:
            return text
        return date_format(moment, "DATETIME_FORMAT")
    return text


class SessionRevision(models.Model):
    """One edit of a session inside the edit window: who, when, and old → new per field."""

    session = models.ForeignKey(
        GuidanceSession, on_delete=models.CASCADE, related_name="revisions",
        verbose_name=_("session"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(default=timezone.now, verbose_name=_("changed on"))
    # field -> [old, new], as text
    changes = models.JSONField(
        default=dict, verbose_name=_("changes"),
    )

    class Meta:
        verbose_name = _("session edit")
        verbose_name_plural = _("session edits")
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.session_id} edited {self.changed_at:%Y-%m-%d %H:%M}"

    def readable_changes(self) -> list[tuple[str, str | None, str | None]]:
        """(label, old, new) per changed field, values as the app shows them: choices by their
        label, moments Dutch style. The attendance ("attendance": student ids) is left to the
        caller, which knows whose names it may show."""
        rows = []
        for name, (old, new) in self.changes.items():
            if name == "attendance":
                continue
            try:
                field = GuidanceSession._meta.get_field(name)
            except FieldDoesNotExist:
                rows.append((name, old, new))
                continue
            rows.append((capfirst(field.verbose_name), _revision_value(field, old),
                         _revision_value(field, new)))
        return rows


class SessionAmendment(models.Model):
    """A correction added to a locked session; the original text stays as it was."""

    session = models.ForeignKey(
        GuidanceSession, on_delete=models.CASCADE, related_name="amendments",
        verbose_name=_("session"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("written on"))
    text = models.TextField(_("amendment"), max_length=AMENDMENT_MAX_LENGTH)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self):
        return self.text[:50]


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class FollowUp(models.Model):
    """An agreement from a session that somebody has to do by a date."""

    session = models.ForeignKey(
        GuidanceSession, on_delete=models.CASCADE, related_name="follow_ups",
        verbose_name=_("session"),
    )
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="follow_ups")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("owner"),
    )
    description = models.CharField(_("description"), max_length=300)
    due_date = models.DateField(_("due date"), validators=[validate_plausible_date])
    status = models.CharField(
        _("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    done_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closing_note = models.CharField(_("note"), max_length=300, blank=True)
    # An actiepunt of the student: shown in their portal, where they tick it off with a note.
    # `owner` stays the member of staff who keeps an eye on it (and gets its reminders).
    student_owned = models.BooleanField(_("the student does this"), default=False)
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("recorded on"),
    )
    # Its row forms (close, hand over) carry it: common.concurrency.
    version = models.PositiveIntegerField(default=1)
    # The session page's add form's one-time token (common.idempotency).
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    # Shown on every row of the follow-up lists (see common/choices.py).
    get_status_display = choice_display("status", FollowUpStatus)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FollowUpStatus.values), name="followup_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=FollowUpStatus.OPEN, done_at__isnull=True)
                | (~Q(status=FollowUpStatus.OPEN) & Q(done_at__isnull=False)),
                name="followup_closed_has_date",
            ),
            plausible_date_check("due_date", name="followup_due_date_plausible"),
            models.UniqueConstraint(
                fields=["session", "submission_token"],
                condition=Q(submission_token__isnull=False),
                name="followup_submission_token_once",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "status", "due_date"], name="followup_owner_status_idx"),
            models.Index(fields=["student", "status"], name="followup_student_status_idx"),
            # The open follow-ups (a few percent of all) per student, counted from the index
            # alone: the teams' figures on the home pages and the dashboards' drill.
            models.Index(fields=["student"], include=["due_date", "id"],
                         condition=Q(status=FollowUpStatus.OPEN), name="followup_open_student_idx"),
        ]

    def __str__(self):
        return self.description

    @property
    def is_open(self) -> bool:
        return self.status == FollowUpStatus.OPEN

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.is_open and self.due_date < (today or timezone.localdate())


class FollowUpChange(models.Model):
    """The history of a follow-up: created, done, cancelled, handed over — who and when."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        DONE = "done", _("marked done")
        CANCELLED = "cancelled", _("cancelled")
        HANDED_OVER = "handed_over", _("handed over")

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="changes", verbose_name=_("follow-up"),
    )
    action = models.CharField(max_length=15, choices=Action.choices, verbose_name=_("change"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(default=timezone.now, verbose_name=_("changed on"))
    from_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("from owner"),
    )
    to_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("to owner"),
    )
    note = models.CharField(max_length=300, blank=True, verbose_name=_("note"))

    class Meta:
        verbose_name = _("follow-up change")
        verbose_name_plural = _("follow-up changes")
        ordering = ["changed_at", "id"]
        indexes = [
            # The dashboards' rollup refresh finds the follow-ups created or closed since the
            # last one (every change of a follow-up is a row here).
            models.Index(fields=["changed_at"], name="followupchange_changed_idx"),
        ]

    def __str__(self):
        return f"{self.follow_up_id} {self.action}"
