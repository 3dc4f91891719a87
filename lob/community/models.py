"""Shared LOB materials (a library per team and college, with ratings and uses) and meetings
where counsellors learn from each other (intervisie, werkbijeenkomsten, studiedagen)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import plausible_moment_check, validate_plausible_date
from staff.models import College, Team, TeamPlanAction, Training
from students.models import Competency, GuidanceSession, Student

COMPETENCY_FIELDS = [(c, c.field_name) for c in Competency]


class Material(models.Model):
    """A lesson material or practice, shared with the team (or the whole college)."""

    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="materials")
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="materials", verbose_name=_("team"),
                             help_text=_("Empty: shared with the whole college."))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    comp_qualities = models.BooleanField(Competency.QUALITIES.label, default=False)
    comp_motives = models.BooleanField(Competency.MOTIVES.label, default=False)
    comp_work_exploration = models.BooleanField(Competency.WORK_EXPLORATION.label, default=False)
    comp_career_steering = models.BooleanField(Competency.CAREER_STEERING.label, default=False)
    comp_networking = models.BooleanField(Competency.NETWORKING.label, default=False)
    study_year_from = models.PositiveSmallIntegerField(
        _("from study year"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)])
    study_year_to = models.PositiveSmallIntegerField(
        _("to study year"), default=4, validators=[MinValueValidator(1), MaxValueValidator(4)])
    file = models.FileField(_("file"), upload_to="materials/%Y/%m/", blank=True)
    link = models.URLField(_("link"), blank=True, max_length=500)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="materials", verbose_name=_("author"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # common.concurrency

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("LOB material")
        verbose_name_plural = _("LOB materials")
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(link=""),
                                   name="material_has_file_or_link"),
            models.CheckConstraint(
                condition=Q(study_year_from__gte=1, study_year_to__lte=4,
                            study_year_from__lte=F("study_year_to")),
                name="material_study_years_valid"),
        ]
        indexes = [models.Index(fields=["college", "created_at"], name="material_college_idx")]

    def __str__(self):
        return self.title

    @property
    def competencies(self) -> list[Competency]:
        return [c for c, name in COMPETENCY_FIELDS if getattr(self, name)]


class MaterialRating(models.Model):
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    stars = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["material", "user"], name="material_rated_once"),
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5),
                                   name="material_rating_1_to_5"),
        ]

    def __str__(self):
        return f"{self.material} – {self.stars}"


class MaterialUse(models.Model):
    """"Used in my group": a counsellor used the material, in a group session when linked."""

    material = models.ForeignKey(Material, verbose_name=_("material"), on_delete=models.CASCADE, related_name="uses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("used by"), on_delete=models.CASCADE,
                             related_name="+")
    session = models.ForeignKey(GuidanceSession, verbose_name=_("group session"), on_delete=models.CASCADE, null=True,
                                blank=True, related_name="materials_used")
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="+")
    used_at = models.DateTimeField(_("used on"), default=timezone.now)

    class Meta:
        verbose_name = _("use of a material")
        verbose_name_plural = _("uses of materials")
        ordering = ["-used_at"]
        constraints = [
            models.UniqueConstraint(fields=["material", "session"],
                                    condition=Q(session__isnull=False),
                                    name="material_linked_once_per_session"),
        ]
        indexes = [models.Index(fields=["team", "used_at"], name="material_use_team_idx")]

    def __str__(self):
        return f"{self.material} – {self.used_at:%Y-%m-%d}"


class MeetingKind(models.TextChoices):
    INTERVISION = "intervision", _("Intervisie")
    WORK_MEETING = "work_meeting", _("Work meeting")
    STUDY_DAY = "study_day", _("Study day")


class Meeting(models.Model):
    """Counsellors of a team (or of several: no team) meet to learn from each other."""

    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="meetings")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="meetings", verbose_name=_("team"),
                             help_text=_("Empty: counsellors of several teams."))
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"), validators=[validate_plausible_date])
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(15), MaxValueValidator(480)])
    location = models.CharField(_("place"), max_length=200, blank=True)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("organiser"))
    agreements = models.TextField(_("agreements"), blank=True, max_length=4000)
    materials = models.ManyToManyField(Material, blank=True, related_name="meetings",
                                       verbose_name=_("materials shown"))
    # The action of the team plan this meeting carries out, if any.
    plan_action = models.ForeignKey(TeamPlanAction, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+",
                                    verbose_name=_("team plan action"))
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)  # common.concurrency

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=MeetingKind.values),
                                   name="meeting_kind_valid"),
            models.CheckConstraint(condition=Q(duration_minutes__gte=15,
                                               duration_minutes__lte=480),
                                   name="meeting_duration_15_to_480"),
            plausible_moment_check("starts_at", name="meeting_starts_at_plausible"),
        ]

    def __str__(self):
        return self.title


class MeetingAttendance(models.Model):
    """Who was invited and who came; a present attendee's hours are on their development plan
    (a completed training of the kind "intervisie") once the meeting is recorded."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="meeting_attendances")
    present = models.BooleanField(_("present"), default=False)
    training = models.OneToOneField(Training, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"],
                                               name="meeting_attendance_once")]

    def __str__(self):
        return f"{self.meeting} – {self.user}"


class MeetingCase(models.Model):
    """A case discussed. Anonymised by default: a student is named only when the meeting is
    within the student's own team (checked by the service)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="cases")
    description = models.TextField(_("question or case"), max_length=2000)
    student = models.ForeignKey(Student, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+", verbose_name=_("student"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("case discussed")
        verbose_name_plural = _("cases discussed")

    def __str__(self):
        return self.description[:60]


# --- the alumni pool --------------------------------------------------------------------------


class AlumnusOffer(models.TextChoices):
    TALK = "talk", _("A talk in a lesson")
    VISIT = "visit", _("A visit to my workplace")
    MEET = "meet", _("A meet-and-greet")


class AlumnusFrequency(models.TextChoices):
    YEARLY = "yearly", _("Once a year")
    TWICE = "twice", _("Twice a year")
    PERIOD = "period", _("Once a period")


class Alumnus(models.Model):
    """A former student in the alumni pool, by their own consent, until they withdraw it or the
    term (LOB_ALUMNI_TERM_YEARS) ends; then the row is deleted."""

    student = models.OneToOneField(Student, on_delete=models.CASCADE, related_name="alumnus")
    email = models.EmailField(_("e-mail address"))
    current_work = models.CharField(_("current work or study"), max_length=200)
    sector = models.CharField(_("sector"), max_length=100)
    offers_talk = models.BooleanField(AlumnusOffer.TALK.label, default=False)
    offers_visit = models.BooleanField(AlumnusOffer.VISIT.label, default=False)
    offers_meet = models.BooleanField(AlumnusOffer.MEET.label, default=False)
    frequency = models.CharField(_("how often"), max_length=10, choices=AlumnusFrequency.choices)
    consent_at = models.DateTimeField(_("consent given"))
    expires_at = models.DateTimeField(_("in the pool until"))
    # Only the hash of the link by which the alumnus withdraws (sent with the confirmation).
    withdraw_token_hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ["student__last_name"]
        verbose_name = _("alumnus")
        verbose_name_plural = _("alumni")
        constraints = [
            models.CheckConstraint(condition=Q(frequency__in=AlumnusFrequency.values),
                                   name="alumnus_frequency_valid"),
        ]
        indexes = [models.Index(fields=["expires_at"], name="alumnus_expires_idx")]

    def __str__(self):
        return self.student.full_name

    @property
    def offers(self) -> list[AlumnusOffer]:
        return [o for o in AlumnusOffer if getattr(self, f"offers_{o.value}")]


class AlumnusInviteLink(models.Model):
    """A one-time link to join the alumni pool, sent to a former student's e-mail address."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to the alumni pool")
        verbose_name_plural = _("invitations to the alumni pool")

    def __str__(self):
        return f"{self.student_id} {self.created_at:%Y-%m-%d}"


class AlumnusConsentEvent(models.Model):
    """Consent given or withdrawn (or ended by its term): when, never the profile itself."""

    class Kind(models.TextChoices):
        GIVEN = "given", _("Consent given")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")
        EXPIRED = "expired", _("Term ended")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("what"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("alumni pool consent")
        verbose_name_plural = _("alumni pool consents")
        ordering = ["at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class AlumnusInvitation(models.Model):
    """A counsellor invites an alumnus to a group session; the session keeps it."""

    alumnus = models.ForeignKey(Alumnus, verbose_name=_("alumnus"), on_delete=models.CASCADE, related_name="invitations")
    session = models.ForeignKey(GuidanceSession, verbose_name=_("group session"), on_delete=models.CASCADE,
                                related_name="alumni_invited")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("invited by"), on_delete=models.PROTECT,
                                   related_name="+")
    message = models.TextField(_("message"), max_length=2000)
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)

    class Meta:
        verbose_name = _("invitation of an alumnus")
        verbose_name_plural = _("invitations of alumni")
        ordering = ["-invited_at"]
        constraints = [models.UniqueConstraint(fields=["alumnus", "session"],
                                               name="alumnus_invited_once_per_session")]

    def __str__(self):
        return f"{self.alumnus} – {self.session_id}"
