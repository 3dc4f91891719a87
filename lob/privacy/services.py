"""Writes of the privacy app: exports (recorded), requests, erasure and correction."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.concurrency import check_and_bump_version
from common.dates import EARLIEST, OUT_OF_RANGE_MESSAGE
from lec.models import OPEN_STATUSES, AccessAction, AccessLog, Referral
from lec.selectors import is_lec_lead
from staff.models import User
from students.models import Student

from . import export, graph
from .erasure import erase_records
from .models import EventAction, PrivacyEvent, PrivacyRequest, RequestKind, RequestStatus


def student_export(*, student: Student, user: User, fmt: str, ip: str | None = None) -> dict:
    """Build a subject-access export and record it: one privacy event, and one LEC access-log
    row for every case file whose content it includes, in the same transaction."""

    if fmt not in ("json", "html"):
        raise ValidationError(_("Choose JSON or readable."))
    with transaction.atomic():
        data = export.build(student, user)
        now = timezone.now()
        rows = sum(len(s.rows) for s in data["sections"])
        withheld = sum(s.withheld for s in data["sections"])
        PrivacyEvent.objects.create(
            college_id=student.college_id, user=user,
            action=EventAction.EXPORT_JSON if fmt == "json" else EventAction.EXPORT_HTML,
            at=now, student=student, subject_ref=graph.subject_ref(student.pk),
            lec_content=bool(data["readable_referrals"]),
            detail={"sections": len(data["sections"]), "rows": rows, "withheld": withheld},
            ip=ip,
        )
        for referral_id in data["readable_referrals"]:
            AccessLog.objects.create(user=user, referral_id=referral_id,
                                     action=AccessAction.VIEW_CASE, at=now, ip=ip)
    return data


def privacy_request_record(*, student: Student, user: User, kind: str, ground: str,
                           received_on: datetime.date, note: str = "") -> PrivacyRequest:
    """Record a student's request to erase or correct their data."""
    errors = {}
    if kind not in RequestKind.values:
        errors["kind"] = _("Choose erasure or correction.")
    if ground not in PrivacyRequest.Ground.values:
        errors["ground"] = _("Choose a ground.")
    if received_on > timezone.localdate():
        errors["received_on"] = _("The date the request was received cannot be in the future.")
    elif received_on < EARLIEST:
        errors["received_on"] = str(OUT_OF_RANGE_MESSAGE)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Student.objects.select_for_update().get(pk=student.pk)
        if PrivacyRequest.objects.filter(student=student, kind=kind,
                                         status=RequestStatus.OPEN).exists():
            raise ValidationError(
                {"kind": _("There is already an open request of this kind for this student.")}
            )
        return PrivacyRequest.objects.create(
            college_id=student.college_id, student=student,
            subject_ref=graph.subject_ref(student.pk), kind=kind, ground=ground,
            received_on=received_on, note=note.strip(), recorded_by=user,
            recorded_at=timezone.now(),
        )


def _lock_open(request_id: int, kind: str, expected_version: int) -> PrivacyRequest:
    request = PrivacyRequest.objects.select_for_update().get(pk=request_id)
    check_and_bump_version(request, expected_version, where={"status": RequestStatus.OPEN})
    if request.kind != kind or request.student_id is None:
        raise ValidationError(_("This request cannot be carried out this way."))
    return request


def erasure_carry_out(*, request_id: int, user: User, confirm_number: str,
                      expected_version: int, ip: str | None = None) -> PrivacyRequest:
    """Erase everything about the request's student. Only pseudonymised audit rows remain."""
    with transaction.atomic():
        request = _lock_open(request_id, RequestKind.ERASURE, expected_version)
        student = Student.objects.select_for_update().get(pk=request.student_id)
        if confirm_number.strip() != student.student_number:
            raise ValidationError(
                {"confirm": _("Type the student number exactly to confirm the erasure.")}
            )
        _check_lec_confirmation(request, student, user)
        ref = graph.subject_ref(student.pk)
        college_id = student.college_id
        result = erase_records(student)
        now = timezone.now()
        # The request itself was pseudonymised with the student's other audit rows.
        PrivacyRequest.objects.filter(pk=request.pk).update(
            status=RequestStatus.DONE, decided_by=user, decided_at=now,
            outcome=result.as_dict(),
        )
        PrivacyEvent.objects.create(
            college_id=college_id, user=user, action=EventAction.ERASURE, at=now,
            subject_ref=ref, detail=result.as_dict(), ip=ip,
        )
        request.refresh_from_db()
        return request


def has_open_lec_case(student_id: int) -> bool:
    return Referral.objects.filter(student_id=student_id, status__in=OPEN_STATUSES).exists()


def _check_lec_confirmation(request: PrivacyRequest, student: Student, user: User) -> None:
    """Erasing a student whose LEC case is still open wipes a running case: the LEC lead
    confirms it first, and the one who confirms is not the one who erases."""
    if not has_open_lec_case(student.pk):
        return
    if request.lec_confirmed_at is None:
        raise ValidationError(
            _("%(name)s has an open LEC case. The LEC lead confirms the erasure first.")
            % {"name": student.full_name}, code="needs_lec_confirmation")
    if request.lec_confirmed_by_id == user.pk:
        raise ValidationError(_("The erasure is confirmed by the LEC lead and carried out by "
                                "someone else."), code="needs_lec_confirmation")


def erasure_lec_confirm(*, request_id: int, user: User, expected_version: int,
                        ip: str | None = None) -> PrivacyRequest:
    """The LEC lead of the student's college confirms an erasure while the student's LEC case
    is open; recorded on the request and as a privacy event."""
    with transaction.atomic():
        request = _lock_open(request_id, RequestKind.ERASURE, expected_version)
        if not is_lec_lead(user) or user.college_id != request.college_id:
            raise PermissionDenied
        if request.lec_confirmed_at is not None:
            raise ValidationError(_("The LEC lead has confirmed this erasure already."))
        now = timezone.now()
        request.lec_confirmed_by, request.lec_confirmed_at = user, now
        request.save(update_fields=["lec_confirmed_by", "lec_confirmed_at"])
        PrivacyEvent.objects.create(
            college_id=request.college_id, user=user, action=EventAction.ERASURE_LEC_CONFIRMED,
            at=now, student_id=request.student_id, subject_ref=request.subject_ref,
            detail={"request": request.pk}, ip=ip,
        )
        return request


CORRECTABLE = ("first_name", "last_name", "date_of_birth")


def correction_carry_out(*, request_id: int, user: User, first_name: str, last_name: str,
                         date_of_birth: datetime.date, decision_note: str,
                         expected_version: int, ip: str | None = None) -> PrivacyRequest:
    """Correct the student's register data; the request keeps which fields changed."""
    first_name, last_name = first_name.strip(), last_name.strip()
    errors = {}
    if not first_name:
        errors["first_name"] = _("The first name cannot be empty.")
    if not last_name:
        errors["last_name"] = _("The last name cannot be empty.")
    today = timezone.localdate()
    if date_of_birth >= today or date_of_birth.year < today.year - 100:
        errors["date_of_birth"] = _("Enter a real date of birth.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = _lock_open(request_id, RequestKind.CORRECTION, expected_version)
        student = Student.objects.select_for_update().get(pk=request.student_id)
        new = {"first_name": first_name, "last_name": last_name, "date_of_birth": date_of_birth}
        changed = [name for name in CORRECTABLE if getattr(student, name) != new[name]]
        if not changed:
            raise ValidationError(_("Nothing was changed: correct at least one field."))
        for name in changed:
            setattr(student, name, new[name])
        student.save(update_fields=[*changed, "updated_at"])
        now = timezone.now()
        request.status = RequestStatus.DONE
        request.decided_by = user
        request.decided_at = now
        request.decision_note = decision_note.strip()
        request.outcome = {"fields": changed}
        request.save()
        PrivacyEvent.objects.create(
            college_id=student.college_id, user=user, action=EventAction.CORRECTION, at=now,
            student=student, subject_ref=request.subject_ref, detail={"fields": changed}, ip=ip,
        )
        return request


def privacy_request_refuse(*, request_id: int, user: User, decision_note: str,
                           expected_version: int) -> PrivacyRequest:
    """Refuse a request, with the reason the student will be told."""
    if not decision_note.strip():
        raise ValidationError({"decision_note": _("Say why the request is refused.")})
    with transaction.atomic():
        request = PrivacyRequest.objects.select_for_update().get(pk=request_id)
        check_and_bump_version(request, expected_version, where={"status": RequestStatus.OPEN})
        request.status = RequestStatus.REFUSED
        request.decided_by = user
        request.decided_at = timezone.now()
        request.decision_note = decision_note.strip()
        request.save()
        return request
