"""The readable subject-access export: what LOB holds about a student as a document that the
student, or their lawyer, can read and print.

It is made from the same sections as the JSON export (export.build), so it holds exactly
what the reader may see. What changes is the form: labels are the models' Dutch verbose
names, values are shown as the app shows them (choices by their label, Dutch dates, yes/no,
readable durations, people and cases by name), and what only the software needs (keys,
version counters, tokens, copies of other fields) is left out. The JSON export keeps
everything as data.
"""

import datetime
import decimal
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.dates import duration_text
from lec.models import Referral
from staff.models import College, User
from students.models import FollowUp, GuidanceSession, Student

from .export import Section

# Fields that only the software needs: keys, edit counters, double-submit tokens, the sort
# key, copies kept for speed, technical addresses and references.
TECHNICAL_FIELDS = {
    "version", "submission_token", "sort_name", "updated_at", "subject_ref", "ip", "digest",
    "object_id", "target_id", "period", "last_feedback_at", "token_hash", "withdraw_token_hash",
}
TECHNICAL_MODEL_FIELDS = {
    "students.sessionattendance": {"held_at"},  # the session's own date, shown with it
}

# The parts of the document, one per kind of record (graph.kind_of), in reading order.
PARTS = [
    ("first_line", gettext_lazy("Guidance by the first line")),
    ("lec", gettext_lazy("Care by the LEC (second line)")),
    ("access_log", gettext_lazy("Who opened the LEC case file")),
    ("privacy_audit", gettext_lazy("Privacy requests and exports")),
]

# Fields read as a list of lines.
MULTILINE = (models.TextField, models.JSONField)
# A section with at most this many short fields is a table; longer ones are a list of
# records (label: value), which always fits the width of an A4 page.
TABLE_MAX_COLUMNS = 4


def _attendance_text(row, student) -> str:
    changes = row.readable_changes()
    if "attendance" in row.changes:
        old, new = row.changes["attendance"]
        was = str(student.pk) in (old or "").split(",")
        now = str(student.pk) in (new or "").split(",")
        if was != now:
            changes.append((_("Present"), _yes_no(was), _yes_no(now)))
    return "\n".join(f"{label}: {old or '—'} → {new or '—'}" for label, old, new in changes)


# Data kept as JSON, and how a reader sees it. tests/privacy/test_readable_export.py checks
# every JSON field of the export has an entry here.
READABLE_JSON = {
    "lec.referral.concern_domains": lambda row, student: ", ".join(str(label) for label in row.concern_domain_labels),
    "students.sessionrevision.changes": _attendance_text,
    "privacy.privacyevent.detail": lambda row, student: "\n".join(row.detail_lines()),
    "privacy.privacyrequest.outcome": lambda row, student: "\n".join(row.outcome_lines()),
}


def readable_fields(model, *, subject_fields: bool = False) -> list[models.Field]:
    """The fields of `model` a reader sees, in model order. The link to the student (the
    document is about them) and to the college (in the heading) are left out, except in the
    register part (`subject_fields`)."""
    label = model._meta.label_lower
    hidden = TECHNICAL_FIELDS | TECHNICAL_MODEL_FIELDS.get(label, set())
    shown = []
    for f in model._meta.concrete_fields:
        if f.primary_key or isinstance(f, models.GeneratedField | models.BinaryField):
            continue
        if f.name in hidden:
            continue
        if not subject_fields and f.is_relation and f.related_model in (Student, College):
            continue
        shown.append(f)
    return shown


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _people(ids):
    return {u.pk: u.get_full_name() or u.email
            for u in User.objects.filter(pk__in=ids).only("first_name", "last_name", "email")}


def _cases(ids):
    return {r.pk: _("number %(number)s, referred on %(date)s") % {
        "number": r.pk, "date": date_format(timezone.localtime(r.referred_at))}
        for r in Referral.objects.filter(pk__in=ids).only("referred_at")}


def _sessions(ids):
    return {s.pk: _("%(kind)s on %(date)s") % {
        "kind": s.get_kind_display(),
        "date": date_format(timezone.localtime(s.held_at), "DATETIME_FORMAT")}
        for s in GuidanceSession.objects.filter(pk__in=ids).only("held_at", "kind")}


def _follow_ups(ids):
    return dict(FollowUp.objects.filter(pk__in=ids).values_list("pk", "description"))


# How a row that another row points to is named (one query per kind of row).
REFERENCES = {User: _people, Referral: _cases, GuidanceSession: _sessions, FollowUp: _follow_ups}


def _references(wanted: dict) -> dict:
    """{(model, pk): text} for every row the shown rows point to."""
    texts = {}
    for model, ids in wanted.items():
        if not ids:
            continue
        named = REFERENCES.get(model)
        found = named(ids) if named else {
            obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=ids)}
        texts.update({(model, pk): text for pk, text in found.items()})
    return texts


def value_text(f, row, references: dict, student) -> str:
    """One value as the app shows it."""
    key = f"{f.model._meta.label_lower}.{f.name}"
    if key in READABLE_JSON:
        return READABLE_JSON[key](row, student) or "—"
    value = getattr(row, f.attname)
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if f.is_relation:
        return references.get((f.related_model, value), _("(removed)"))
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value,
                           "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value)
    if isinstance(value, datetime.timedelta):
        return duration_text(value)
    if isinstance(value, decimal.Decimal | float):
        return localize(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):  # not expected: READABLE_JSON covers the JSON fields
        return "\n".join(f"{v}" for v in value.values())
    return str(value)


@dataclass
class DocumentSection:
    label: str  # app_label.model, for tests
    kind: str  # graph.kind_of: which message a withheld row gets
    title: str  # Dutch, plural ("Actiepunten")
    count: int
    withheld: int
    columns: list[str]  # the labels of a table
    rows: list[list[str]]  # per row, per column (table)
    records: list[list[tuple[str, str]]] = field(default_factory=list)  # (label, text)
    limited: bool = False  # some rows show only their open fields

    @property
    def is_table(self) -> bool:
        return bool(self.columns)


@dataclass
class Part:
    key: str
    title: str
    sections: list[DocumentSection]
    empty: list[DocumentSection]  # kinds of record of which nothing is held


def _wanted_references(fields_per_row) -> dict:
    wanted: dict = {}
    for row, fields in fields_per_row:
        for f in fields:
            if f.is_relation and getattr(row, f.attname) is not None:
                wanted.setdefault(f.related_model, set()).add(getattr(row, f.attname))
    return wanted


def _row_fields(section: Section, row, allowed) -> list:
    return [f for f in readable_fields(section.model)
            if allowed is None or f.name in allowed]


def document(export: dict, student: Student) -> dict:
    """The readable document: `register` [(label, text)] and `parts` [Part]."""
    student = (Student.objects.select_related("programme__team", "college")
               .prefetch_related("groups").get(pk=student.pk))
    sections: list[Section] = export["sections"]
    row_fields = [(row, _row_fields(s, row, allowed)) for s in sections
                  for row, allowed in s.instances]
    register_fields = readable_fields(Student, subject_fields=True)
    wanted = _wanted_references(row_fields + [(student, register_fields)])
    references = _references(wanted)

    register = [(capfirst(str(f.verbose_name)), value_text(f, student, references, student))
                for f in register_fields]
    register.insert(register_fields.index(Student._meta.get_field("programme")) + 1,
                    (_("Team"), student.programme.team.name))
    register.append((_("Groups"), ", ".join(g.name for g in student.groups.all()) or "—"))

    parts = []
    for key, title in PARTS:
        shown, empty = [], []
        for s in sections:
            if s.kind != key:
                continue
            doc = _document_section(s, references, student)
            (shown if doc.count or doc.withheld else empty).append(doc)
        parts.append(Part(key, str(title), shown, empty))
    return {"register": register, "parts": [p for p in parts if p.sections or p.empty]}


def _document_section(section: Section, references: dict, student) -> DocumentSection:
    meta = section.model._meta
    fields = readable_fields(section.model)
    limited = any(allowed is not None for _row, allowed in section.instances)
    short = len(fields) <= TABLE_MAX_COLUMNS and not any(
        isinstance(f, MULTILINE) for f in fields)
    doc = DocumentSection(
        label=section.label, kind=section.kind, title=capfirst(str(meta.verbose_name_plural)),
        count=len(section.instances), withheld=section.withheld, columns=[], rows=[],
        limited=limited,
    )
    if short and not limited:
        doc.columns = [capfirst(str(f.verbose_name)) for f in fields]
        doc.rows = [[value_text(f, row, references, student) for f in fields]
                    for row, _allowed in section.instances]
    else:
        doc.records = [
            [(capfirst(str(f.verbose_name)), value_text(f, row, references, student))
             for f in fields if allowed is None or f.name in allowed]
            for row, allowed in section.instances]
    return doc
