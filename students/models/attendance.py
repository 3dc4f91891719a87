"""Absence as the student information system records it: per student per day, or per lesson."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.dates import plausible_date_check

from .register import Student


class Absence(models.Model):
    """One absence: a whole day (lesson empty) or one lesson of a day. Imported; re-importing
    the same (student, date, lesson) updates it."""

    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="absences", verbose_name=_("student")
    )
    date = models.DateField(_("date"))
    lesson = models.CharField(_("lesson"), max_length=50, blank=True,
                              help_text=_("Empty: the whole day."))
    minutes = models.PositiveIntegerField(_("minutes"), null=True, blank=True)
    excused = models.BooleanField(_("excused"), default=False)
    reason = models.CharField(_("reason"), max_length=100, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        ordering = ["-date", "lesson"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.UniqueConstraint(fields=["student", "date", "lesson"],
                                    name="absence_once_per_student_day_lesson"),
            plausible_date_check("date", name="absence_date_plausible"),
        ]
        indexes = [
            models.Index(fields=["student", "date"], condition=Q(excused=False),
                         name="absence_unexcused_idx"),
        ]

    def __str__(self):
        return f"{self.student_id} {self.date} {self.lesson or '—'}"
