"""Uploaded files: a limited set of document and image types, checked by their content (the
first bytes) as well as their name, and a size limit."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP = b"PK\x03\x04"
# extension → the bytes the file's content starts with
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (ZIP,),
    ".pptx": (ZIP,),
    ".xlsx": (ZIP,),
    ".odt": (ZIP,),
    ".odp": (ZIP,),
}


def validate_upload(upload) -> None:
    """Refuse a file that is too large, of a type not allowed, or whose content is not what its
    name says."""
    limit = settings.LOB_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(_("The file is too large (at most %(limit)s).")
                              % {"limit": filesizeformat(limit)}, code="too_large")
    extension = os.path.splitext(upload.name)[1].lower()
    if extension not in SIGNATURES:
        raise ValidationError(
            _("This type of file is not allowed. Allowed: %(types)s.")
            % {"types": ", ".join(sorted(e.lstrip(".") for e in SIGNATURES))},
            code="type")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(SIGNATURES[extension]):
        raise ValidationError(_("The file's content does not match its name (%(ext)s).")
                              % {"ext": extension.lstrip(".")}, code="content")
