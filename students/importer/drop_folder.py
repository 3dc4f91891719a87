"""The scheduled import: files the student information system drops in a folder.

    LOB_IMPORT_DROP_DIR/<college short name>/students/   full exports of the register
    LOB_IMPORT_DROP_DIR/<college short name>/absences/   absence exports
    .../processing/   a file being imported (claimed by renaming: two runs never share one)
    .../archive/YYYY-MM-DD/  every file once handled, named <time>-<hash>-<name>

Each file is imported at most once, known by its SHA-256: the same bytes dropped again are
archived as a duplicate and reported, not imported again. A student file from the drop
folder is a full export: active students it leaves out are flagged, never deleted.
"""

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from staff.models import College, User
from staff.roles import Role

from ..models import ImportJob
from .jobs import content_hash, import_job_process

logger = logging.getLogger(__name__)

KINDS = {"students": ImportJob.Kind.STUDENTS, "absences": ImportJob.Kind.ABSENCES}
PROCESSING, ARCHIVE = "processing", "archive"


@dataclass
class Handled:
    name: str  # the file's name as dropped
    path: Path  # where it was archived
    job: ImportJob | None  # None: a duplicate of `earlier`, or too large
    earlier: ImportJob | None = None
    too_large: bool = False


def import_drop_folder(*, root: Path | None = None, now=None) -> list[Handled]:
    """Import every settled file of every college's drop folder; returns what was handled."""
    root = Path(root or settings.LOB_IMPORT_DROP_DIR)
    if not str(root) or not root.is_dir():
        return []
    now = now or timezone.now()
    handled = []
    for college in College.objects.order_by("pk"):
        base = root / college.short_name
        for folder, kind in KINDS.items():
            incoming = base / folder
            if not incoming.is_dir():
                continue
            for path in sorted(p for p in incoming.iterdir() if p.is_file()):
                if path.name.startswith("."):
                    continue  # a file still being copied under a hidden name
                age = now.timestamp() - path.stat().st_mtime
                if age < settings.LOB_IMPORT_DROP_SETTLE_SECONDS:
                    continue
                outcome = _handle(path, college, kind, base, now)
                if outcome is not None:
                    handled.append(outcome)
                    _report(college, outcome)
    return handled


def _claim(path: Path, base: Path) -> Path | None:
    """Move the file into processing/ (atomic on one file system); None when another run
    took it first."""
    target_dir = base / PROCESSING
    target_dir.mkdir(exist_ok=True)
    target = target_dir / path.name
    try:
        os.rename(path, target)
    except FileNotFoundError:
        return None
    return target


def _archive(path: Path, base: Path, digest: str, now, suffix: str = "") -> Path:
    local = timezone.localtime(now)
    folder = base / ARCHIVE / local.date().isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{local:%H%M%S}-{digest[:12]}{suffix}-{path.name}"
    shutil.move(path, target)
    return target


def _handle(path: Path, college: College, kind: str, base: Path, now) -> Handled | None:
    claimed = _claim(path, base)
    if claimed is None:
        return None
    if claimed.stat().st_size > settings.LOB_IMPORT_MAX_BYTES:
        digest = "toolarge0000"
        return Handled(path.name, _archive(claimed, base, digest, now, "-too-large"), None,
                       too_large=True)
    raw = claimed.read_bytes()
    digest = content_hash(raw)
    earlier = ImportJob.objects.filter(
        college=college, kind=kind, content_hash=digest, source=ImportJob.Source.DROP_FOLDER,
    ).defer("content").order_by("created_at").first()
    if earlier is not None:
        return Handled(path.name, _archive(claimed, base, digest, now, "-duplicate"), None,
                       earlier=earlier)
    job = ImportJob.objects.create(
        college=college, uploaded_by=None, file_name=path.name[:255], content=raw,
        content_hash=digest, kind=kind, source=ImportJob.Source.DROP_FOLDER,
        full_export=kind == ImportJob.Kind.STUDENTS,
    )
    import_job_process(job_id=job.pk)
    job.refresh_from_db()
    return Handled(path.name, _archive(claimed, base, digest, now), job)


def _report(college: College, outcome: Handled) -> None:
    """E-mail the outcome to the college's functional administrators (and
    LOB_IMPORT_REPORT_EMAILS), in Dutch: no personal data beyond line numbers and reasons."""
    recipients = list(
        User.objects.filter(college=college, is_active=True, groups__name=Role.ADMIN)
        .values_list("email", flat=True).distinct()
    ) + list(settings.LOB_IMPORT_REPORT_EMAILS)
    if not recipients:
        logger.warning("drop-folder import of college %s: nobody to report to", college.pk)
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {"college": college, "outcome": outcome, "job": outcome.job,
                   "base_url": settings.LOB_BASE_URL}
        subject = render_to_string("students/email/drop_import_subject.txt", context).strip()
        body = render_to_string("students/email/drop_import_report.txt", context)
    send_mail(subject, body, None, sorted(set(recipients)))
