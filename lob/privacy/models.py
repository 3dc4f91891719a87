"""The privacy audit trail and the record of data-subject requests.

Both are kept after a student is erased: the link to the student is cut and only the
pseudonym (`subject_ref`, a keyed hash that cannot be turned back into the student) remains.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.dates import plausible_date_check, validate_plausible_date
from staff.models import College
from staff.roles import Role
from students.models import Student


class EventAction(models.TextChoices):
    EXPORT_JSON = "export_json", _("Export (JSON)")
    EXPORT_HTML = "export_html", _("Export (readable)")
    ERASURE = "erasure", _("Erasure")
    CORRECTION = "correction", _("Correction")
    RETENTION = "retention", _("Retention run")
    # Care-data roles (staff.services.grants): each step of a grant, and a revoke.
    ROLE_REQUESTED = "role_requested", _("Role requested")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_REJECTED = "role_rejected", _("Role request rejected")
    ROLE_REVOKED = "role_revoked", _("Role revoked")
    ERASURE_LEC_CONFIRMED = "erasure_lec_ok", _("Erasure confirmed by the LEC lead")


ROLE_EVENT_ACTIONS = (EventAction.ROLE_REQUESTED, EventAction.ROLE_GRANTED,
                      EventAction.ROLE_REJECTED, EventAction.ROLE_REVOKED)


class RequestKind(models.TextChoices):
    ERASURE = "erasure", _("Erasure")
    CORRECTION = "correction", _("Correction")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Carried out")
    REFUSED = "refused", _("Refused")


class RequestGround(models.TextChoices):
    STUDENT_REQUEST = "student_request", _("The student asked for it")
    NO_LONGER_NEEDED = "no_longer_needed", _("No longer needed for its purpose")
    UNLAWFUL = "unlawful", _("Processed without a legal ground")
    INACCURATE = "inaccurate", _("The data is inaccurate")


def _record_count(label: str, n: int) -> str:
    """"3 actiepunten": a count of one kind of record, by the model's verbose name."""
    try:
        meta = apps.get_model(label)._meta
    except (LookupError, ValueError):
        return f"{n} × {label}"
    return f"{n} {meta.verbose_name if n == 1 else meta.verbose_name_plural}"


DETAIL_COUNTS = {
    "sections": _("Parts"), "rows": _("Records"), "withheld": _("Withheld"),
    "students_erased": _("Students erased"), "total": _("Records removed or pseudonymised"),
}


def readable_detail(detail: dict) -> list[str]:
    """The detail of a privacy event or the outcome of a request as lines a reader
    understands: labels instead of field and model names, no internal ids."""
    lines = []
    if detail.get("fields"):
        labels = []
        for name in detail["fields"]:
            try:
                labels.append(str(Student._meta.get_field(name).verbose_name))
            except FieldDoesNotExist:
                labels.append(name)
        lines.append(f"{_('Corrected')}: {', '.join(labels)}")
    if detail.get("role"):
        role = detail["role"]
        lines.append(f"{_('Role')}: {Role(role).label if role in Role.values else role}")
    for key, label in (("deleted", _("Deleted")), ("pseudonymised", _("Pseudonymised"))):
        if detail.get(key):
            counts = ", ".join(_record_count(name, n) for name, n in detail[key].items() if n)
            lines.append(f"{label}: {counts}")
    for key, label in DETAIL_COUNTS.items():
        if isinstance(detail.get(key), int) and not isinstance(detail.get(key), bool):
            lines.append(f"{label}: {detail[key]}")
    return lines


class PrivacyEvent(models.Model):
    """One export, erasure, correction, retention run or change of a care-data role: who,
    when, about whom (a student, or for a role the member of staff in `grantee`)."""

    Action = EventAction

    college = models.ForeignKey(
        College, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("user"),
    )
    action = models.CharField(_("action"), max_length=20, choices=EventAction.choices)
    at = models.DateTimeField(_("at"))
    student = models.ForeignKey(
        Student, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject_ref = models.CharField(_("subject"), max_length=20, blank=True)
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("for"),
    )
    lec_content = models.BooleanField(_("LEC content included"), default=False)
    # Counts, model and role names only: never personal data.
    detail = models.JSONField(default=dict, blank=True, verbose_name=_("details"))
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("privacy event")
        verbose_name_plural = _("privacy events")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=EventAction.values), name="privacyevent_action_valid"
            ),
        ]
        indexes = [models.Index(fields=["college", "at"], name="privacyevent_college_at_idx")]

    def __str__(self):
        return f"{self.action} {self.subject_ref} {self.at:%Y-%m-%d %H:%M}"

    def detail_lines(self) -> list[str]:
        return readable_detail(self.detail)

    @property
    def role_label(self) -> str:
        """The role a role event is about, by its name in the interface."""
        role = self.detail.get("role", "")
        return Role(role).label if role in Role.values else role


class PrivacyRequest(models.Model):
    """A student's request to erase or correct their data, and what was done with it."""

    Kind = RequestKind
    Status = RequestStatus
    Ground = RequestGround

    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(
        Student, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("student"),
    )
    subject_ref = models.CharField(_("subject"), max_length=20)
    kind = models.CharField(_("kind"), max_length=12, choices=RequestKind.choices)
    ground = models.CharField(_("ground"), max_length=20, choices=RequestGround.choices)
    received_on = models.DateField(_("received on"), validators=[validate_plausible_date])
    # Free text may name the student: it is blanked when the student is erased.
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(verbose_name=_("recorded on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided on"))
    decision_note = models.TextField(_("decision"), blank=True)
    # What was done: counts per record kind, or the names of corrected fields.
    outcome = models.JSONField(default=dict, blank=True, verbose_name=_("outcome"))
    # An erasure while the student has an open LEC case needs the LEC lead's confirmation
    # (services.erasure_lec_confirm): the admin alone cannot wipe a running case.
    lec_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("confirmed by the LEC lead"),
    )
    lec_confirmed_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("confirmed by the LEC lead on"),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RequestKind.values), name="privacyrequest_kind_valid"
            ),
            plausible_date_check("received_on", name="privacyrequest_received_plausible"),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values),
                name="privacyrequest_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(decided_at__isnull=False),
                name="privacyrequest_decided_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.subject_ref} ({self.get_status_display()})"

    def outcome_lines(self) -> list[str]:
        return readable_detail(self.outcome)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
