from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from staff.models import College
from students.importer import ImportRefused, import_file
from students.importer.absences import import_absences


class Command(BaseCommand):
    help = "Import students from the student information system's CSV export (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--college",
            help="Short name of the college (needed when there is more than one).",
        )
        parser.add_argument(
            "--full-export", action="store_true",
            help="The file lists every enrolled student: flag the active students it leaves out.",
        )
        parser.add_argument(
            "--absences", action="store_true", help="The file holds absences, not students.",
        )

    def handle(self, *args, file: Path, college: str | None, full_export: bool = False,
               absences: bool = False, **options):
        colleges = College.objects.all()
        if college:
            target = colleges.filter(short_name=college).first()
            if target is None:
                raise CommandError(f"No college with short name {college!r}")
        elif colleges.count() == 1:
            target = colleges.get()
        else:
            names = ", ".join(colleges.values_list("short_name", flat=True)) or "none"
            raise CommandError(f"Say which college with --college (one of: {names})")
        limit = settings.LOB_IMPORT_MAX_BYTES
        try:
            # The same limit as the upload page; checked before the file is read into memory.
            if file.stat().st_size > limit:
                raise CommandError(f"{file} is larger than LOB_IMPORT_MAX_BYTES ({limit} bytes).")
            raw = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc

        def progress(done: int) -> None:
            self.stdout.write(f"  checked {done} rows", ending="\r")

        def written(done: int) -> None:
            self.stdout.write(f"  written {done} rows", ending="\r")

        try:
            if absences:
                result = import_absences(raw, target, progress=progress, written=written)
            else:
                result = import_file(raw, target, by=None, source=file.name,
                                     full_export=full_export, progress=progress, written=written)
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("")
        if result.errors:
            for error in result.errors:
                self.stderr.write(f"line {error.line or '-'}: {'; '.join(error.messages)}")
            raise CommandError(
                f"Nothing imported: {len(result.errors)} of {result.total} rows have problems."
            )
        if absences:
            self.stdout.write(self.style.SUCCESS(
                f"Imported {result.total} absences into {target.name}."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.total} rows into {target.name}: {result.created} added, "
                f"{result.updated} updated, {result.counsellor_changes} counsellor changes, "
                f"{result.groups_created} groups made."
            )
        )
        if full_export:
            self.stdout.write(f"{result.missing} active students are not in this full export "
                              "(flagged on Import → Missing from the export; nobody deleted).")
