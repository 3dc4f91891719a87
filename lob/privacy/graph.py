"""Which records are about a student: found by walking the model graph, not by a list.

A model is about a student when a chain of foreign keys leads from it to `students.Student`
(`FollowUp.student`, `Finding.referral → Referral.student`, ...). Models that several students
share through a join table (a group session: `SessionAttendance`) are "context" models and are
declared here. Every model the walk meets must have a retention kind, so a model added later
cannot slip through export, erasure or retention (tests/privacy/test_graph.py).
"""

import hashlib
import hmac
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q

STUDENT = "students.student"

# Retention kind per app (a model may override it below). The terms are in
# settings.LOB_RETENTION_YEARS.
APP_KINDS = {
    "students": "first_line",
    "notifications": "first_line",
    "dashboards": "first_line",
    "lec": "lec",
    "privacy": "privacy_audit",
    "workplace": "first_line",
    "community": "first_line",
    "dossier": "first_line",
    "appointments": "first_line",
    "feedback": "first_line",
}
MODEL_KINDS = {
    STUDENT: "register",
    "lec.accesslog": "access_log",
}

# Audit rows that are kept as they are when a student is erased (the LEC access log cannot be
# changed). What they point to is kept as a pseudonymised shell (see erasure.py).
AUDIT_KEEP = {"lec.accesslog"}
# Audit rows that are kept with the link to the student cut (only the pseudonym stays).
AUDIT_DETACH = {"privacy.privacyevent", "privacy.privacyrequest"}

# Records several students share, with the lookup from them to a student.
CONTEXT_MODELS = {"students.guidancesession": "attendances__student"}

# Models that rows about a student point to but that are not about the student (organisation
# and register structure, people on staff).
NOT_ABOUT_A_STUDENT_APPS = {
    "staff", "auth", "contenttypes", "sessions", "admin", "otp_totp", "axes", "django_otp",
}
NOT_ABOUT_A_STUDENT = {
    "students.programme", "students.group", "students.importjob",
    "workplace.company", "community.material", "community.meeting",
    # A counsellor's published time: the booking on it (appointments.appointment) is the
    # student's; the time and place are the counsellor's.
    "appointments.slot",
}

# Rows that name an object by (kind, id) instead of a foreign key: a reminder about a follow-up.
# model → (kind field, id field, {kind: model the id belongs to}); kinds about staff matters are
# listed in NOT_ABOUT_A_STUDENT_KINDS. tests/privacy/test_graph.py checks every kind is in one.
SOFT_REFERENCES = {
    "notifications.notification": ("kind", "object_id", {
        "follow_up_overdue": "students.followup",
        "follow_up_escalation": "students.followup",
        "student_not_seen": STUDENT,
        "absence_alert": STUDENT,
        "plan_action_overdue": "lec.planaction",
        "first_line_action_overdue": "lec.planaction",
        "referral_triage_overdue": "lec.referral",
        "referral_feedback_overdue": "lec.referral",
        "referral_returned": "lec.feedback",
        "lec_feedback": "lec.feedback",
        "consultation_asked": "lec.consultation",
        "consultation_answered": "lec.consultation",
        "appointment_booked": "appointments.appointment",
        "appointment_cancelled": "appointments.appointment",
        "appointment_tomorrow": "appointments.appointment",
    }),
}
NOT_ABOUT_A_STUDENT_KINDS = {
    "notifications.notification": {"feedback_request_due", "review_meeting_due"},
}

# LEC content the first line may see (DESIGN §4: status, dates and the feedback written for
# them). Every other LEC model, and every other field, is shown only to who may read the case.
LEC_OPEN_FIELDS = {
    "lec.referral": {
        "id", "college", "team", "source", "referred_at", "urgency", "status",
        "status_changed_at", "triaged_at", "decided_at", "evaluation_date", "closed_at",
        "outcome", "last_feedback_at",
    },
    "lec.feedback": None,  # all fields
    "lec.transition": None,
}

# First-line content the register roles may see (the student page shows them the counsellor
# history, without the handover notes). Every other first-line model is shown only to who may
# read the student's first-line records, or on the subject-request path (export.reads_all).
FIRST_LINE_OPEN_FIELDS = {
    "students.counsellorassignment": {
        "id", "student", "counsellor", "start_date", "end_date", "created_by", "created_at",
    },
}


def label(model) -> str:
    return model._meta.label_lower


@dataclass(frozen=True)
class SubjectModel:
    model: type[Model]
    paths: tuple[str, ...]  # lookups from this model to the student
    kind: str
    context: bool = False  # shared by several students (see CONTEXT_MODELS)

    @property
    def label(self) -> str:
        return label(self.model)

    @property
    def depth(self) -> int:
        return max(p.count("__") + 1 for p in self.paths)

    def filter_for(self, student_id) -> Q:
        q = Q()
        for path in self.paths:
            q |= Q(**{path: student_id})
        return q

    def rows_for(self, student_id):
        return self.model._default_manager.filter(self.filter_for(student_id)).distinct()


def kind_of(model) -> str:
    name = label(model)
    if name in MODEL_KINDS:
        return MODEL_KINDS[name]
    try:
        return APP_KINDS[model._meta.app_label]
    except KeyError:
        raise ImproperlyConfigured(
            f"{name} refers to a student but has no retention kind: add its app to "
            "lob.privacy.graph.APP_KINDS (or the model to MODEL_KINDS)"
        ) from None


def _forward_fks(model):
    for field in model._meta.concrete_fields:
        if field.is_relation and (field.many_to_one or field.one_to_one):
            yield field


def _all_models():
    return [m for m in apps.get_models(include_auto_created=True)
            if not m._meta.proxy and m._meta.managed]


def _walk(roots: dict) -> dict:
    """model → set of lookup paths to a student, starting from `roots` (model → paths)."""
    paths: dict = {m: set(p) for m, p in roots.items()}
    frontier = list(roots)
    models = _all_models()
    while frontier:
        target = frontier.pop()
        for model in models:
            if label(model) == STUDENT:
                continue
            for field in _forward_fks(model):
                if field.related_model is not target:
                    continue
                new = {f"{field.name}__{p}" if p else field.name for p in paths[target]}
                # Never walk a path through the same model twice (cycles).
                new = {p for p in new if p.count("__") < 6}
                before = paths.setdefault(model, set())
                if not new <= before:
                    before |= new
                    frontier.append(model)
    return paths


@cache
def subject_models() -> tuple[SubjectModel, ...]:
    """Every model with a relation path to a student, with its paths and retention kind.

    Rows with a direct path (a foreign key chain) are the student's own; the children of a
    context model (a session's amendments) are included through it only when they have no
    direct path of their own."""
    student = apps.get_model(STUDENT)
    direct = _walk({student: {""}})
    direct.pop(student)
    context_roots = {apps.get_model(name): {path} for name, path in CONTEXT_MODELS.items()}
    through_context = _walk(context_roots)
    result = []
    for model, model_paths in direct.items():
        result.append(SubjectModel(model, tuple(sorted(model_paths)), kind_of(model)))
    for model, model_paths in through_context.items():
        if model in direct:
            continue
        result.append(SubjectModel(model, tuple(sorted(model_paths)), kind_of(model),
                                   context=model in context_roots))
    return tuple(sorted(result, key=lambda s: s.label))


def subject_model(name: str) -> SubjectModel | None:
    return next((s for s in subject_models() if s.label == name), None)


def undeclared_neighbours() -> set[str]:
    """Models that records about a student point to and that nobody has classified: either
    they are about the student (a new context model) or they are not. Must be empty."""
    known = {s.label for s in subject_models()} | {STUDENT}
    found = set()
    for sm in subject_models():
        for field in _forward_fks(sm.model):
            other = field.related_model
            name = label(other)
            if name in known or name in NOT_ABOUT_A_STUDENT:
                continue
            if other._meta.app_label in NOT_ABOUT_A_STUDENT_APPS:
                continue
            found.add(name)
    return found


def subject_ref(student_id: int) -> str:
    """A pseudonym for a student: stable, but not reversible without the secret key."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"lob-subject:{student_id}".encode(),
                      hashlib.sha256).hexdigest()
    return f"S-{digest[:12]}"


def soft_filter(model_label: str, ids_by_label: dict) -> Q | None:
    """Rows of a soft-referencing model that name any of `ids_by_label` (label → ids)."""
    kind_field, id_field, kinds = SOFT_REFERENCES[model_label]
    q = None
    for kind, target in kinds.items():
        ids = ids_by_label.get(target)
        if ids:
            part = Q(**{kind_field: kind, f"{id_field}__in": list(ids)})
            q = part if q is None else q | part
    return q


def soft_models():
    """(model, label) of the soft-referencing models that are installed."""
    for name in SOFT_REFERENCES:
        try:
            yield apps.get_model(name), name
        except LookupError:
            continue


def ids_about(student_id: int) -> dict:
    """label → ids of every row about the student (for soft references and the admin log)."""
    ids = {STUDENT: {student_id}}
    for sm in subject_models():
        if sm.model._meta.auto_created:
            continue
        found = set(sm.rows_for(student_id).values_list("pk", flat=True))
        if found:
            ids[sm.label] = found
    return ids
