"""Subject access: everything the application holds about one student, as data.

The sections come from the model graph (graph.subject_models), so a model added later is
exported without anybody remembering to add it. Each part only for who may read it, exactly
as the pages show it: LEC content for a user who may read that case
(lec.selectors.may_read_case_file), first-line content (sessions, follow-ups, handover notes,
reminders) for a reader of the student's first-line records (students.selectors
.can_read_first_line) or on the subject-request path (`reads_all`: the admin who answers a
student's request, every export recorded as a privacy event); what is left out is counted as
withheld.
"""

import datetime
import decimal
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from lec.models import Referral
from lec.selectors import may_read_case_file
from staff.roles import Role
from students.models import Student
from students.selectors import can_read_first_line

from . import graph


@dataclass
class Section:
    label: str  # app_label.model
    title: str
    kind: str
    fields: list[tuple[str, str]]  # (name, verbose name)
    rows: list[dict] = field(default_factory=list)  # name → JSON value
    # The kept rows with the fields allowed of each (None: all), for the readable document.
    instances: list[tuple[models.Model, set | None]] = field(default_factory=list)
    model: type[models.Model] | None = None
    withheld: int = 0


def _json_value(f, value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    if isinstance(value, FieldFile):
        # A stored file (dossier evidence): its name in the private storage; the file itself is
        # handed over beside the export.
        return value.name or ""
    return value


def _fields(model, allowed: set | None):
    for f in model._meta.concrete_fields:
        if isinstance(f, models.BinaryField):
            continue
        if allowed is not None and f.name not in allowed:
            continue
        yield f


def _referral_field(model):
    """The foreign key through which an LEC row belongs to a referral (or None)."""

    if model is Referral:
        return None
    for f in model._meta.concrete_fields:
        if f.is_relation and f.related_model is Referral:
            return f
    return None


def reads_all(user) -> bool:
    """The subject-request path: the admin answers a student's request for their data and
    exports all of the student's own records (except LEC case files, which only the LEC may
    read); each export is recorded as a privacy event."""
    return user.has_role(Role.ADMIN)


def build(student: Student, user) -> dict:
    """The export as a dict: `student`, `sections` (Section) and the referrals whose case file
    was included (for the access log)."""
    referrals = {r.pk: r for r in Referral.objects.filter(student=student)}
    readable = {pk for pk, r in referrals.items() if may_read_case_file(user, r)}
    first_line = reads_all(user) or can_read_first_line(user, student)
    raw = _record_sections(student, readable, first_line)
    raw += _reminder_sections(student, readable == set(referrals), first_line)
    for section, kept, all_fields in raw:
        _fill_rows(section, kept, all_fields)
    return {
        "student": _student_data(student),
        "sections": [section for section, _kept, _fields in raw],
        "readable_referrals": sorted(readable),
    }


def _section(label: str, model, kind: str, all_fields: list) -> Section:
    return Section(label, str(model._meta.verbose_name_plural), kind,
                   [(f.name, str(f.verbose_name)) for f in all_fields], model=model)


def _record_sections(student: Student, readable: set[int], first_line: bool) -> list:
    """(section, kept rows with their allowed fields, all fields) per model of the subject
    graph; of a case file the user may not read, and of first-line records when the user does
    not read them (`first_line` false), only the open fields, or nothing."""
    raw = []
    for sm in graph.subject_models():
        model = sm.model
        if model._meta.auto_created:
            continue  # many-to-many links: shown with the row that owns them (groups)
        is_lec = sm.kind in ("lec", "access_log")
        all_fields = list(_fields(model, None))
        section = _section(sm.label, model, sm.kind, all_fields)
        via = _referral_field(model) if is_lec else None
        kept = []
        for row in sm.rows_for(student.pk).order_by("pk"):
            referral_id = row.pk if model is Referral else (
                getattr(row, via.attname) if via is not None else None)
            hidden_first_line = sm.kind == "first_line" and not first_line
            if (is_lec and referral_id not in readable) or hidden_first_line:
                open_fields = graph.FIRST_LINE_OPEN_FIELDS if hidden_first_line \
                    else graph.LEC_OPEN_FIELDS
                if sm.label not in open_fields:
                    section.withheld += 1
                    continue
                kept.append((row, open_fields[sm.label]))
            else:
                kept.append((row, None))
        raw.append((section, kept, all_fields))
    return raw


def _reminder_sections(student: Student, all_lec_readable: bool, first_line: bool) -> list:
    """Reminders that name the student's records (no foreign key: see graph.SOFT_REFERENCES);
    those about a case file only when the user may read every case file of the student, the
    others (first-line content) only when the user reads the student's first-line records."""
    about = graph.ids_about(student.pk)
    raw = []
    for model, soft_label in graph.soft_models():
        all_fields = list(_fields(model, None))
        section = _section(soft_label, model, graph.kind_of(model), all_fields)
        kept = []
        q = graph.soft_filter(soft_label, about)
        if q is not None:
            kind_field, _id_field, kinds = graph.SOFT_REFERENCES[soft_label]
            for row in model._default_manager.filter(q).order_by("pk"):
                about_lec = kinds[getattr(row, kind_field)].startswith("lec.")
                if not (all_lec_readable if about_lec else first_line):
                    section.withheld += 1
                    continue
                kept.append((row, None))
        raw.append((section, kept, all_fields))
    return raw


def _fill_rows(section: Section, kept: list, all_fields: list) -> None:
    """Each kept row as data (JSON); the rows themselves stay for the readable document."""
    for row, allowed in kept:
        data = {}
        for f in all_fields:
            if allowed is not None and f.name not in allowed:
                continue
            data[f.attname if f.is_relation else f.name] = _json_value(f, getattr(row, f.attname))
        section.rows.append(data)
        section.instances.append((row, allowed))


def _student_data(student: Student) -> dict:
    student = (Student.objects.select_related("programme__team", "college", "account")
               .prefetch_related("groups").get(pk=student.pk))
    data = {}
    for f in _fields(Student, None):
        value = getattr(student, f.attname)
        data[f.attname if f.is_relation else f.name] = _json_value(f, value)
    data["programme_name"] = student.programme.name
    data["team_name"] = student.programme.team.name
    data["college_name"] = student.college.name
    data["groups"] = [g.name for g in student.groups.all()]
    account = student.account
    data["portal_account"] = None if account is None else {
        "email": account.email, "is_active": account.is_active,
        "date_joined": _json_value(None, account.date_joined),
        "last_login": _json_value(None, account.last_login),
    }
    return data


def as_json(export: dict, *, user, student: Student) -> dict:
    return {
        "format": "lob-subject-access/1",
        "generated_at": timezone.localtime().isoformat(),
        "generated_by": user.email,
        "subject": graph.subject_ref(student.pk),
        "student": export["student"],
        "records": {
            s.label: {"title": s.title, "kind": s.kind, "rows": s.rows, "withheld": s.withheld}
            for s in export["sections"]
        },
        "application": {"name": "LOB", "language": settings.LANGUAGE_CODE},
    }
