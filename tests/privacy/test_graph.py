"""The model graph is the list: every model that refers to a student is found, classified and
covered by export, erasure and retention — a model added later cannot be forgotten."""

from django.apps import apps

from lob.privacy import graph

STUDENT = apps.get_model("students", "Student")


def _independent_walk() -> set[str]:
    """Models from which a chain of foreign keys (or one-to-ones) leads to Student, walked here
    without the code under test."""
    found = {STUDENT}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models(include_auto_created=True):
            if model in found or model._meta.proxy:
                continue
            for field in model._meta.concrete_fields:
                if field.is_relation and (field.many_to_one or field.one_to_one) \
                        and field.related_model in found:
                    found.add(model)
                    changed = True
                    break
    found.discard(STUDENT)
    return {m._meta.label_lower for m in found}


def test_every_model_with_a_path_to_the_student_is_a_subject_model():
    covered = {sm.label for sm in graph.subject_models()}
    missing = _independent_walk() - covered
    assert not missing, f"not covered by export/erasure/retention: {missing}"


def test_the_walk_finds_the_records_of_every_app_that_holds_them():
    labels = {sm.label for sm in graph.subject_models()}
    for expected in ["students.followup", "students.followupchange", "students.sessionattendance",
                     "students.counsellorassignment", "students.guidancesession",
                     "students.sessionamendment", "students.sessionrevision", "lec.referral",
                     "lec.finding", "lec.planaction", "lec.casenote", "lec.accesslog",
                     "privacy.privacyrequest", "students.guardian",
                     "students.guardianaccesschange"]:
        assert expected in labels


def test_every_subject_model_has_a_retention_kind():
    terms = {"first_line", "lec", "access_log", "privacy_audit"}
    for sm in graph.subject_models():
        assert sm.kind in terms, sm.label


def test_models_next_to_student_records_are_classified():
    """A new model that student records point to (a shared record like a group session) must be
    declared: about the student (CONTEXT_MODELS) or not (NOT_ABOUT_A_STUDENT)."""
    assert graph.undeclared_neighbours() == set()


def test_every_notification_kind_is_mapped_to_a_record_or_declared_not_about_a_student():
    for model, name in graph.soft_models():
        kind_field, _id, kinds = graph.SOFT_REFERENCES[name]
        choices = {value for value, _label in model._meta.get_field(kind_field).choices}
        declared = set(kinds) | graph.NOT_ABOUT_A_STUDENT_KINDS.get(name, set())
        assert choices == declared, f"{name}: unmapped kinds {choices - declared}"


def test_context_children_are_found_through_their_shared_record():
    amendment = graph.subject_model("students.sessionamendment")
    assert amendment.paths == ("session__attendances__student",)
    session = graph.subject_model("students.guidancesession")
    assert session.context


def test_subject_ref_is_stable_and_does_not_contain_the_id():
    assert graph.subject_ref(12345) == graph.subject_ref(12345)
    assert graph.subject_ref(12345) != graph.subject_ref(12346)
    assert "12345" not in graph.subject_ref(12345)
