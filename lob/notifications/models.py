"""Reminders: what the sweep recorded (Notification), how it is e-mailed (Digest), and when the
sweep last ran (SweepRun).

Exactly once rests on two database constraints, not on the code being careful:
- a Notification is unique per (kind, object, recipient, period): a sweep that runs twice, or two
  sweeps at the same moment, insert each reminder once (INSERT ... ON CONFLICT DO NOTHING);
- a Digest is unique per (recipient, day), and a recipient has at most one unsent digest: one
  e-mail per person per day, and a digest that failed is retried, never duplicated.
Sending claims a digest with a conditional UPDATE and marks the notifications it carried; a
worker that dies between recording and sending leaves unsent rows the next run picks up.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    FOLLOW_UP_OVERDUE = "follow_up_overdue", _("Follow-up past its due date")
    FOLLOW_UP_ESCALATION = "follow_up_escalation", _("Follow-up still open a week after its due date")
    PLAN_ACTION_OVERDUE = "plan_action_overdue", _("LEC plan action past its due date")
    FIRST_LINE_ACTION_OVERDUE = "first_line_action_overdue", _(
        "Action from the LEC for you past its due date")
    REFERRAL_TRIAGE_OVERDUE = "referral_triage_overdue", _("Referral waiting too long for triage")
    REFERRAL_FEEDBACK_OVERDUE = "referral_feedback_overdue", _("No feedback to the first line for too long")
    STUDENT_NOT_SEEN = "student_not_seen", _("Student not seen for weeks")
    ABSENCE_ALERT = "absence_alert", _("Student often absent without excuse")
    FEEDBACK_REQUEST_DUE = "feedback_request_due", _("360 feedback requested: deadline near")
    REVIEW_MEETING_DUE = "review_meeting_due", _("Review meeting coming up")
    # Told at once (lec.signals.first_line_told), not found by the sweep.
    REFERRAL_RETURNED = "referral_returned", _("Referral returned by the LEC, with advice")
    LEC_FEEDBACK = "lec_feedback", _("New feedback from the LEC")
    CONSULTATION_ASKED = "consultation_asked", _("A counsellor asks you for a consultation")
    CONSULTATION_ANSWERED = "consultation_answered", _("The care coordinator answered")
    # Appointments (lob.appointments): to the student's account and the counsellor. Booked and
    # cancelled are recorded (and e-mailed) at once; "tomorrow" by the daily sweep.
    APPOINTMENT_BOOKED = "appointment_booked", _("Appointment booked")
    APPOINTMENT_CANCELLED = "appointment_cancelled", _("Appointment cancelled")
    APPOINTMENT_TOMORROW = "appointment_tomorrow", _("Appointment tomorrow")


class Notification(models.Model):
    """One reminder for one person about one object in one period (e.g. a due date or a week).

    `subject` is a short label safe to put in an e-mail (a name or a referral number, never the
    content of a record); `target_id` is the object the link opens (student, referral, cycle)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    period = models.CharField(max_length=20)
    subject = models.CharField(_("about"), max_length=200)
    target_id = models.PositiveBigIntegerField()
    due_date = models.DateField(_("due date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    digest = models.ForeignKey(
        "Digest", on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "recipient", "period"], name="notification_once"
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="notification_kind_valid"),
        ]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"
            ),
            models.Index(
                fields=["recipient", "created_at"], name="notification_recipient_idx"
            ),
            models.Index(
                fields=["recipient"],
                condition=Q(emailed_at__isnull=True, read_at__isnull=True),
                name="notification_pending_mail_idx",
            ),
        ]

    def __str__(self):
        return f"{self.kind} #{self.object_id} → {self.recipient_id} ({self.period})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def link(self) -> str:
        from .links import link

        return link(self)


class Digest(models.Model):
    """The one e-mail of a person's day: everything pending for them when it is sent."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    day = models.DateField()
    created_at = models.DateTimeField()
    # A sender holds the digest while `claimed_at` is recent; a claim older than
    # LOB_REMINDER_CLAIM_MINUTES belongs to a worker that died and may be taken over.
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Who holds the claim (a random token per send): two senders claiming in the same instant
    # cannot both take a digest for theirs.
    claim_token = models.CharField(max_length=32, blank=True, default="")
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    item_count = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("reminder e-mail")
        verbose_name_plural = _("reminder e-mails")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="digest_one_per_day"),
            models.UniqueConstraint(
                fields=["recipient"], condition=Q(sent_at__isnull=True), name="digest_one_unsent"
            ),
        ]
        indexes = [
            models.Index(fields=["day"], condition=Q(sent_at__isnull=True), name="digest_unsent_idx"),
        ]

    def __str__(self):
        return f"Digest {self.day} → {self.recipient_id}"


class SweepRun(models.Model):
    """One run of the sweep: the health page reads the latest."""

    class Scope(models.TextChoices):
        DAILY = "daily", _("Daily sweep")
        WEEKLY = "weekly", _("Weekly caseload sweep")

    scope = models.CharField(max_length=10, choices=Scope.choices)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    recorded = models.JSONField(default=dict)  # kind -> number of new notifications
    # kind -> rows that could not be recorded (logged by ids; the rest was recorded and sent).
    skipped = models.JSONField(default=dict)
    # Handed to the broker after the commit; digests the broker refused stay unsent and count here.
    digests_queued = models.PositiveIntegerField(default=0)
    digests_not_queued = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-finished_at"]
        indexes = [models.Index(fields=["scope", "finished_at"], name="sweeprun_scope_idx")]

    def __str__(self):
        return f"{self.scope} sweep {self.finished_at:%Y-%m-%d %H:%M}"
