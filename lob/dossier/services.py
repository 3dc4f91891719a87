"""Writes of the career dossier: a student's reflection with its evidence, sharing it with
their parents, and a counsellor's response."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from common.idempotency import create_once, made_with
from students.models import Competency, Student

from .models import REFLECTION_MAX_LENGTH, RESPONSE_MAX_LENGTH, Evidence, Reflection, Response
from .uploads import check_evidence_file


def _checked_evidence(*, file, link: str) -> dict:
    """The evidence's fields, or a ValidationError naming the field that is wrong. Runs before
    anything is written: a refused file leaves nothing behind."""
    errors: dict[str, list] = {}
    kind = None
    if file is not None:
        try:
            kind = check_evidence_file(file)
        except ValidationError as exc:
            errors["file"] = exc.messages
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            errors["link"] = [_("Enter a full web address, starting with https://.")]
    if errors:
        raise ValidationError(errors)
    return {"kind": kind}


def _store_evidence(reflection: Reflection, *, file, kind, link: str) -> list[Evidence]:
    made = []
    if file is not None:
        evidence = Evidence(reflection=reflection, original_name=file.name[-150:],
                            content_type=kind.content_type, size=file.size)
        # The storage writes the file under a random name (models.evidence_path); should the
        # row's insert fail afterwards, the file is removed again.
        evidence.file.save(file.name, file, save=False)
        try:
            with transaction.atomic():
                evidence.save()
        except Exception:
            evidence.file.storage.delete(evidence.file.name)
            raise
        made.append(evidence)
    if link:
        made.append(Evidence.objects.create(reflection=reflection, link=link))
    return made


def reflection_write(*, student: Student, competency: str, text: str,
                     shared_with_guardians: bool = False, file=None, link: str = "",
                     submission_token: uuid.UUID | None = None) -> tuple[Reflection, bool]:
    """A student writes a reflection on a competency, with a file and/or a link as evidence.
    Returns (reflection, created); a form sent twice writes it once."""
    errors = {}
    if competency not in Competency.values:
        errors["competency"] = [_("Choose a career competency.")]
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("Write your reflection.")]
    elif len(text) > REFLECTION_MAX_LENGTH:
        errors["text"] = [_("Keep it under %(n)s characters.") % {"n": REFLECTION_MAX_LENGTH}]
    try:
        checked = _checked_evidence(file=file, link=link)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)

    def create():
        reflection = Reflection.objects.create(
            student=student, competency=competency, text=text,
            shared_with_guardians=shared_with_guardians, submission_token=submission_token,
        )
        _store_evidence(reflection, file=file, kind=checked["kind"], link=link)
        return reflection

    with transaction.atomic():
        return create_once(made_with(Reflection, submission_token, student=student), create)


def evidence_add(*, reflection: Reflection, file=None, link: str = "") -> list[Evidence]:
    """The student adds a file or a link to one of their reflections."""
    if file is None and not link:
        raise ValidationError({"file": [_("Choose a file or enter a link.")]})
    checked = _checked_evidence(file=file, link=link)
    with transaction.atomic():
        return _store_evidence(reflection, file=file, kind=checked["kind"], link=link)


def evidence_remove(*, evidence: Evidence) -> None:
    """The student removes a piece of evidence (its file goes after the commit)."""
    evidence.delete()


def reflection_share(*, reflection: Reflection, shared: bool) -> None:
    """The student shares a reflection with their parents, or stops sharing it (at once)."""
    Reflection.objects.filter(pk=reflection.pk).update(shared_with_guardians=shared)
    reflection.shared_with_guardians = shared


def response_write(*, reflection: Reflection, author, text: str,
                   submission_token: uuid.UUID | None = None) -> tuple[Response, bool]:
    """A counsellor responds to a student's reflection."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write your response.")]})
    if len(text) > RESPONSE_MAX_LENGTH:
        raise ValidationError(
            {"text": [_("Keep it under %(n)s characters.") % {"n": RESPONSE_MAX_LENGTH}]}
        )
    with transaction.atomic():
        return create_once(
            made_with(Response, submission_token, author=author, reflection=reflection),
            lambda: Response.objects.create(reflection=reflection, author=author, text=text,
                                            submission_token=submission_token),
        )
