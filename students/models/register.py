"""The student register: programmes, groups, students, their counsellors, imports."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import plausible_date_check, validate_plausible_date
from common.imports import message_text
from common.names import name_order, sort_name_field
from staff.models import College, Team


class Pathway(models.TextChoices):
    BOL = "BOL", _("BOL (school-based)")
    BBL = "BBL", _("BBL (work-based)")


class Programme(models.Model):
    """An opleiding: crebo code, level 1–4, offered as BOL or BBL by one team."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField(_("name"), max_length=200)
    crebo = models.CharField(_("crebo"), max_length=5, help_text=_("Five-digit crebo code."))
    level = models.PositiveSmallIntegerField(_("level"))
    pathway = models.CharField(_("pathway"), max_length=3, choices=Pathway.choices)

    class Meta:
        ordering = ["name", "pathway"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "crebo", "pathway"], name="programme_unique_per_team"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="programme_level_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(pathway__in=Pathway.values), name="programme_pathway_valid"
            ),
            models.CheckConstraint(
                condition=Q(crebo__regex=r"^[0-9]{5}$"), name="programme_crebo_five_digits"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.pathway}, niveau {self.level})"


class GroupKind(models.TextChoices):
    LOB_GROUP = "lob_group", _("LOB group")
    CLASS = "class", _("Class")
    PLACEMENT_HOUSE = "placement_house", _("Placement house")


class Group(models.Model):
    """A set of students guided together: an LOB group of nine, a class or a placement house."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="student_groups")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_groups",
        verbose_name=_("counsellor"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="group_name_unique_per_team"),
            models.CheckConstraint(
                condition=Q(kind__in=GroupKind.values), name="group_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name


class StudentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    GRADUATED = "graduated", _("Graduated")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    TRANSFERRED = "transferred", _("Transferred")


class StudentQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Imported here: the access rules (selectors.access) import this model.
        from ..selectors.access import student_scope

        return student_scope(self, user)


class Student(models.Model):
    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="students", verbose_name=_("college"),
    )
    student_number = models.CharField(_("student number"), max_length=20)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=150)
    sort_name = sort_name_field()  # "de Boer" sorts under B
    date_of_birth = models.DateField(_("date of birth"), validators=[validate_plausible_date])
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="students", verbose_name=_("programme")
    )
    study_year = models.PositiveSmallIntegerField(_("study year"))
    start_date = models.DateField(_("start date"), validators=[validate_plausible_date])
    has_start_qualification = models.BooleanField(_("has a start qualification"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=StudentStatus.choices, default=StudentStatus.ACTIVE
    )
    end_date = models.DateField(_("end date"), null=True, blank=True,
                                validators=[validate_plausible_date])
    end_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)
    # Set when a full export from the student information system did not list this active
    # student: the functional administrator looks into it (never deleted by an import).
    missing_from_export_since = models.DateField(
        _("missing from the export since"), null=True, blank=True
    )
    groups = models.ManyToManyField(
        Group, related_name="students", blank=True, verbose_name=_("groups")
    )
    # The school's contact details (from the register): the portal's sign-in link goes to
    # this address.
    email = models.EmailField(_("school e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The student's own sign-in for the portal (role "student"); none until one is made.
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="student_record",
        verbose_name=_("portal account"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("recorded on"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = StudentQuerySet.as_manager()

    class Meta:
        ordering = name_order()
        verbose_name = _("student")
        verbose_name_plural = _("students")
        constraints = [
            models.UniqueConstraint(
                fields=["college", "student_number"], name="student_number_unique_per_college"
            ),
            plausible_date_check("date_of_birth", name="student_date_of_birth_plausible"),
            plausible_date_check("start_date", name="student_start_date_plausible"),
            plausible_date_check("end_date", name="student_end_date_plausible"),
            models.CheckConstraint(
                condition=Q(study_year__gte=1, study_year__lte=4), name="student_study_year_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(status__in=StudentStatus.values), name="student_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="student_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(status=StudentStatus.ACTIVE) | Q(end_date__isnull=False),
                name="student_left_has_end_date",
            ),
        ]
        indexes = [
            models.Index(fields=["college", "sort_name", "first_name"], name="student_name_idx"),
            # With the key included: a team's students (through its programmes) are read from
            # the index alone when joined to what they own (e.g. their open follow-ups).
            models.Index(fields=["programme", "status"], include=["id"],
                         name="student_programme_key_idx"),
            # The dashboards' rollup refresh finds the students changed since the last one.
            models.Index(fields=["college", "updated_at"], name="student_college_updated_idx"),
            models.Index(fields=["college"], condition=Q(missing_from_export_since__isnull=False),
                         name="student_missing_idx"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.student_number})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def pathway(self) -> str:
        return self.programme.pathway

    def age_on(self, day: datetime.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    def compulsory_education_on(self, day: datetime.date) -> str:
        """"leerplicht" under 18 without a start qualification (kwalificatieplicht), "rmc"
        from 18 to 22 without one (the RMC follows them when they drop out), else ""."""
        if self.has_start_qualification:
            return ""
        age = self.age_on(day)
        if age < 18:
            return "leerplicht"
        return "rmc" if age < 23 else ""

    @property
    def compulsory_education(self) -> str:
        return self.compulsory_education_on(timezone.localdate())


class GuardianRelation(models.TextChoices):
    PARENT = "parent", _("Parent")
    GUARDIAN = "guardian", _("Guardian")
    OTHER = "other", _("Other")


class Guardian(models.Model):
    """A parent or guardian of a student: a contact from the register, and — once they have an
    account (role "guardian") — someone who sees the student's shared part in the portal while
    the student is under 18, or when the student (18 or older) allows it."""

    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="guardians", verbose_name=_("student")
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    relation = models.CharField(
        _("relation"), max_length=20, choices=GuardianRelation.choices,
        default=GuardianRelation.PARENT,
    )
    # One account may be the guardian of several students (one row per student).
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guardianships",
        verbose_name=_("portal account"),
    )
    # From 18 the guardian sees the student's shared part only while the student allows it:
    # set and cleared by the student in the portal (every change in GuardianAccessChange).
    access_granted_at = models.DateTimeField(_("student allows access since"), null=True,
                                             blank=True, editable=False)
    created_at = models.DateTimeField(_("recorded on"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["student", "last_name", "first_name"]
        verbose_name = _("parent or guardian")
        verbose_name_plural = _("parents and guardians")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "account"], name="guardian_account_once_per_student"
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()


class GuardianAccessChange(models.Model):
    """The log of a student's consent: who allowed or stopped a guardian's access, and when."""

    class Action(models.TextChoices):
        GRANTED = "granted", _("access granted")
        REVOKED = "revoked", _("access revoked")

    student = models.ForeignKey(Student, on_delete=models.CASCADE,
                                related_name="guardian_access_changes")
    # Kept when the guardian row goes (the log outlives the contact).
    guardian = models.ForeignKey(Guardian, verbose_name=_("parent or guardian"), on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="access_changes")
    action = models.CharField(_("what"), max_length=10, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("guardian access change")
        verbose_name_plural = _("guardian access changes")

    def __str__(self):
        return f"{self.guardian_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class CounsellorAssignment(models.Model):
    """Who is a student's loopbaanbegeleider, from when to when. Kept as history."""

    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="counsellor_assignments"
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="counsellor_assignments",
        verbose_name=_("counsellor"),
    )
    start_date = models.DateField(_("from"), validators=[validate_plausible_date])
    end_date = models.DateField(_("until"), null=True, blank=True,
                                validators=[validate_plausible_date])
    handover_note = models.TextField(_("handover note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("recorded on"))

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("counsellor assignment")
        verbose_name_plural = _("counsellor assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="assignment_end_not_before_start",
            ),
            plausible_date_check("start_date", name="assignment_start_date_plausible"),
            plausible_date_check("end_date", name="assignment_end_date_plausible"),
            models.UniqueConstraint(
                fields=["student"],
                condition=Q(end_date__isnull=True),
                name="assignment_one_current_per_student",
            ),
        ]
        indexes = [
            models.Index(
                fields=["counsellor"],
                condition=Q(end_date__isnull=True),
                name="assignment_current_idx",
            ),
            # The dashboards' rollup refresh finds the assignments made since the last one.
            models.Index(fields=["created_at"], name="assignment_created_idx"),
        ]

    def __str__(self):
        return f"{self.counsellor} → {self.student} ({self.start_date}–{self.end_date or ''})"

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class ImportJob(models.Model):
    """One upload of the student information system's CSV export, processed by a task.

    The raw file is kept only until it is processed (it holds personal data)."""

    class Kind(models.TextChoices):
        STUDENTS = "students", _("Students")
        ABSENCES = "absences", _("Absences")

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Upload")
        DROP_FOLDER = "drop_folder", _("Drop folder")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Checking and importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Refused")

    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="import_jobs")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    content = models.BinaryField(editable=False)
    # SHA-256 of the uploaded bytes: the same file uploaded twice is one job while it runs.
    content_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STUDENTS)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.UPLOAD)
    # A full export lists every enrolled student: active students it leaves out are flagged.
    full_export = models.BooleanField(default=False)
    missing_count = models.PositiveIntegerField(default=0)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)  # checked (written: common.imports)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("student import")
        verbose_name_plural = _("student imports")
        constraints = [
            models.UniqueConstraint(
                fields=["college", "content_hash"],
                condition=Q(status__in=["pending", "running"]) & ~Q(content_hash=""),
                name="import_job_one_active_per_file",
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def error_rows(self) -> list[tuple[int | None, list[str]]]:
        """(line, messages) per reported row, in the reader's language: the problems are
        stored untranslated ({"msgid", "params"}); older jobs stored plain text."""
        return [
            (error.get("line"), [_message_text(m) for m in error.get("messages", [])])
            for error in self.errors
        ]


_message_text = message_text
