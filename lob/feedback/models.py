"""A student's answer to "Did this conversation help you?" about one individual session or one
appointment. Read only as aggregates (selectors): never shown per student to staff."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lob.appointments.models import Appointment
from staff.models import Team
from students.models import GuidanceSession, Student

COMMENT_MAX_LENGTH = 1000
SCORES = [(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")]


class Answer(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE,
                                related_name="conversation_answers")
    session = models.ForeignKey(GuidanceSession, verbose_name=_("conversation"), on_delete=models.CASCADE, null=True,
                                blank=True, related_name="+")
    appointment = models.ForeignKey(Appointment, verbose_name=_("appointment"), on_delete=models.CASCADE, null=True,
                                    blank=True, related_name="+")
    # Whose conversation it was, and the student's team then: the aggregates read these.
    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("counsellor"), on_delete=models.PROTECT,
                                   related_name="+")
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("did this conversation help you?"), choices=SCORES)
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("answered at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("feedback answer")
        verbose_name_plural = _("feedback answers")
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5),
                                   name="feedback_score_1_to_5"),
            models.CheckConstraint(
                condition=Q(session__isnull=False, appointment__isnull=True)
                | Q(session__isnull=True, appointment__isnull=False),
                name="feedback_about_one_conversation",
            ),
            models.UniqueConstraint(fields=["student", "session"],
                                    condition=Q(session__isnull=False),
                                    name="feedback_once_per_session"),
            models.UniqueConstraint(fields=["student", "appointment"],
                                    condition=Q(appointment__isnull=False),
                                    name="feedback_once_per_appointment"),
        ]
        indexes = [
            models.Index(fields=["counsellor", "created_at"], name="feedback_counsellor_idx"),
            models.Index(fields=["team", "created_at"], name="feedback_team_idx"),
        ]

    def __str__(self):
        return f"{self.score}/5"
