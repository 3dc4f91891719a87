"""Removing what the application holds about one student, generically over the model graph.

Used by the erasure of one student on request (services.erasure_carry_out) and by retention
(retention.py), which removes one kind of record at a time. Must run inside a transaction.

What stays after a full erasure:
- audit rows that cannot be changed (the LEC access log, `graph.AUDIT_KEEP`) and the rows they
  point to, kept as shells with every free-text field blanked (a referral's status and dates);
- the privacy audit trail (`graph.AUDIT_DETACH`), with the link to the student cut;
- when a shell still needs it, the student row itself, pseudonymised: no name, no date of birth,
  the pseudonym as student number, no groups.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from lob.portal.models import SignInLink
from students.models import Guardian, Student, StudentStatus
from students.services.portal import portal_accounts_erase

from . import graph

PSEUDONYM_PREFIX = "S-"
PSEUDONYM_NAME = "—"
PSEUDONYM_BIRTH_DATE = datetime.date(1900, 1, 1)


@dataclass
class ErasureResult:
    deleted: Counter = field(default_factory=Counter)
    pseudonymised: Counter = field(default_factory=Counter)

    def add(self, other: "ErasureResult") -> None:
        self.deleted.update(other.deleted)
        self.pseudonymised.update(other.pseudonymised)

    def as_dict(self) -> dict:
        return {"deleted": dict(sorted(self.deleted.items())),
                "pseudonymised": dict(sorted(self.pseudonymised.items()))}

    @property
    def total(self) -> int:
        return sum(self.deleted.values()) + sum(self.pseudonymised.values())


def _blank_values(model) -> dict:
    """Free text of a kept row: texts emptied, JSON reset, coded values (choices) kept."""
    values = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.is_relation or f.choices:
            continue
        if isinstance(f, models.TextField):
            values[f.name] = ""
        elif isinstance(f, models.JSONField):
            values[f.name] = f.get_default()
        elif isinstance(f, models.CharField) and f.blank and not f.unique:
            values[f.name] = ""
    return values


def _shell_ids(student_id) -> dict:
    """model → ids of rows about the student that unchangeable audit rows point to."""
    shells: dict = {}
    subject = {sm.model: sm for sm in graph.subject_models()}
    for sm in graph.subject_models():
        if sm.label not in graph.AUDIT_KEEP:
            continue
        for f in sm.model._meta.concrete_fields:
            if f.is_relation and f.related_model in subject:
                ids = set(sm.rows_for(student_id).values_list(f.attname, flat=True))
                if ids:
                    shells.setdefault(f.related_model, set()).update(ids)
    return shells


def _pseudonymise_admin_log(ids_by_model: dict) -> int:
    """The admin's history names what it changed (`object_repr` is the student's name)."""
    count = 0
    for model, ids in ids_by_model.items():
        if not ids or model._meta.auto_created:
            continue
        ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
        count += LogEntry.objects.filter(
            content_type=ct, object_id__in=[str(i) for i in ids]
        ).update(object_repr=PSEUDONYM_NAME, change_message="")
    return count


def erase_records(student: Student, *, kinds: set[str] | None = None) -> ErasureResult:
    """Delete the records of `kinds` about `student` (all kinds, and the student, when None).

    Unchangeable audit rows stay; what they point to stays as a blanked shell."""
    full = kinds is None
    result = ErasureResult()
    sid = student.pk
    subject = [sm for sm in graph.subject_models()
               if (full or sm.kind in kinds) and sm.label not in graph.AUDIT_KEEP]
    shells = _shell_ids(sid)
    seen_ids: dict = {}
    # Reminders that name these rows (and so the student) go first.
    _delete_reminders(sid, None if full else kinds, result)
    # Context records (a group session): remember which ones the student took part in.
    contexts = {sm: set(sm.rows_for(sid).values_list("pk", flat=True))
                for sm in subject if sm.context}
    guardian_kind = graph.subject_model("students.guardian").kind
    accounts = set()
    if full or guardian_kind in kinds:
        accounts = set(Guardian.objects.filter(student_id=sid, account__isnull=False)
                       .values_list("account_id", flat=True))
    if full and student.account_id:
        accounts.add(student.account_id)
    _delete_subject_rows(sid, subject, shells, seen_ids, result)
    _delete_lone_contexts(contexts, seen_ids, result)
    _close_portal_accounts(sid, accounts, student_account_id=student.account_id if full else None,
                           result=result)
    if full:
        _detach_audit_rows(sid, result)
        seen_ids[Student] = [sid]
        if shells:
            _pseudonymise_student(student)
            result.pseudonymised[graph.STUDENT] += 1
        else:
            _count_deleted(Student.objects.filter(pk=sid), result)
    elif result.total:
        # What is derived from the student's records (the dashboards' rollups) finds the
        # students whose records changed through their updated_at.
        Student.objects.filter(pk=sid).update(updated_at=timezone.now())
    n = _pseudonymise_admin_log(seen_ids)
    if n:
        result.pseudonymised["admin.logentry"] += n
    return result


def _close_portal_accounts(sid: int, accounts: set[int], *, student_account_id,
                           result: ErasureResult) -> None:
    """The portal accounts of an erased student, and of their guardians once no other student
    of theirs is left, are closed for good (see students.services.portal_accounts_erase)."""
    still_guardian = set(Guardian.objects.filter(account_id__in=accounts)
                         .values_list("account_id", flat=True))
    gone = {pk for pk in accounts if pk == student_account_id or pk not in still_guardian}
    if not gone:
        return
    n, _ = SignInLink.objects.filter(user_id__in=gone).delete()
    if n:
        result.deleted["portal.signinlink"] += n
    closed = portal_accounts_erase(user_ids=gone, pseudonym=graph.subject_ref(sid))
    if closed:
        result.pseudonymised["staff.user"] += closed


def _count_deleted(qs, result: ErasureResult) -> None:
    _count, per_model = qs.delete()
    for name, n in per_model.items():
        if n:
            result.deleted[name.lower()] += n


def _delete_reminders(sid: int, kinds: set[str] | None, result: ErasureResult) -> None:
    """Reminders (soft references by id) that name rows about the student."""
    about = graph.ids_about(sid)
    if kinds is not None:
        about = {k: v for k, v in about.items()
                 if (sm_ := graph.subject_model(k)) is not None and sm_.kind in kinds}
    for soft_model, soft_label in graph.soft_models():
        q = graph.soft_filter(soft_label, about)
        if q is not None:
            n, _ = soft_model._default_manager.filter(q).delete()
            if n:
                result.deleted[soft_label] += n


def _delete_subject_rows(sid, subject, shells, seen_ids, result: ErasureResult) -> None:
    """The student's own rows, deepest first; rows an audit row points to are blanked shells."""
    for sm in sorted(subject, key=lambda s: -s.depth):
        if sm.context or sm.label in graph.AUDIT_DETACH:
            continue
        qs = sm.model._default_manager.filter(sm.filter_for(sid))
        keep = shells.get(sm.model, set())
        if keep:
            blank = _blank_values(sm.model)
            if blank:
                sm.model._default_manager.filter(pk__in=keep).update(**blank)
            result.pseudonymised[sm.label] += len(keep)
            qs = qs.exclude(pk__in=keep)
        ids = list(qs.values_list("pk", flat=True).distinct())
        if not ids:
            continue
        seen_ids[sm.model] = ids
        _count_deleted(sm.model._default_manager.filter(pk__in=ids), result)


def _delete_lone_contexts(contexts: dict, seen_ids: dict, result: ErasureResult) -> None:
    """A shared record that nobody else took part in was about this student alone."""
    for sm, ids in contexts.items():
        join = graph.CONTEXT_MODELS[sm.label].split("__")[0]
        alone = list(sm.model._default_manager.filter(pk__in=ids, **{f"{join}__isnull": True})
                     .values_list("pk", flat=True))
        if alone:
            seen_ids[sm.model] = alone
            _count_deleted(sm.model._default_manager.filter(pk__in=alone), result)


def _detach_audit_rows(sid: int, result: ErasureResult) -> None:
    """Audit rows stay, without their link to the student and without personal values."""
    for sm in graph.subject_models():
        if sm.label not in graph.AUDIT_DETACH:
            continue
        rows = sm.model._default_manager.filter(sm.filter_for(sid))
        updates = {path.split("__")[0]: None for path in sm.paths if "__" not in path}
        updates.update(_blank_values(sm.model))
        updates.pop("subject_ref", None)
        n = rows.update(**updates)
        if n:
            result.pseudonymised[sm.label] += n


def _pseudonymise_student(student: Student) -> None:
    ref = graph.subject_ref(student.pk)
    student.groups.clear()
    updates = {
        "first_name": PSEUDONYM_NAME,
        "last_name": PSEUDONYM_NAME,
        "student_number": ref,
        "date_of_birth": PSEUDONYM_BIRTH_DATE,
        "updated_at": timezone.now(),  # as above: a queryset update does not set it
    }
    if student.status == StudentStatus.ACTIVE:
        # An erased student is nobody's active student any more.
        updates["status"] = StudentStatus.TRANSFERRED
        updates["end_date"] = max(student.start_date, timezone.localdate())
    Student.objects.filter(pk=student.pk).update(**updates)
