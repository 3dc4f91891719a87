"""Which evidence files a student may upload: a few types, a size limit, and content that is
what its name says (the first bytes are checked, not the browser's word for it)."""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    magic: tuple[bytes, ...]


PDF = FileType("PDF", "application/pdf", (b"%PDF-",))
PNG = FileType("PNG", "image/png", (b"\x89PNG\r\n\x1a\n",))
JPEG = FileType("JPEG", "image/jpeg", (b"\xff\xd8\xff",))
DOCX = FileType(
    "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (b"PK\x03\x04",),
)
# By the name's extension: what the content must then be.
ALLOWED = {"pdf": PDF, "png": PNG, "jpg": JPEG, "jpeg": JPEG, "docx": DOCX}


def allowed_extensions() -> str:
    return ", ".join(sorted(ALLOWED))


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _is_word_document(upload) -> bool:
    """A .docx is a zip with the Word parts in it (any zip would pass the magic bytes)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and "word/document.xml" in names


def check_evidence_file(upload) -> FileType:
    """The file's type, or a ValidationError saying what is wrong with it (too large, a type
    that is not allowed, or content that does not match the name)."""
    limit = settings.LOB_EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("This file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("This file is empty."), code="empty")
    kind = ALLOWED.get(_extension(upload.name))
    if kind is None:
        raise ValidationError(
            _("You cannot upload this type of file. Allowed: %(types)s.")
            % {"types": allowed_extensions()},
            code="type",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(m) for m in kind.magic) or (
        kind is DOCX and not _is_word_document(upload)
    ):
        raise ValidationError(
            _("The content of this file is not a %(type)s file, although its name says so.")
            % {"type": kind.label},
            code="mismatch",
        )
    return kind
