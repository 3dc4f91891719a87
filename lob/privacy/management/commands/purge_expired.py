import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from lob.privacy.retention import retention_run


class Command(BaseCommand):
    help = "Remove (or pseudonymise) every record past its retention term; --dry-run only tells."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Show what would be removed; change nothing.")
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, dry_run: bool, today: str | None, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError("--today must be a date like 2026-08-01") from None
        report = retention_run(today=day, dry_run=dry_run)
        verb = "Would remove or pseudonymise" if dry_run else "Removed or pseudonymised"
        self.stdout.write(f"{verb} {report['total']} rows; "
                          f"{report['students_erased']} students past every term.")
        for section in ("deleted", "pseudonymised"):
            for name, n in report[section].items():
                self.stdout.write(f"  {section:<14} {name:<32} {n}")
        if options.get("verbosity", 1) > 1:
            self.stdout.write(json.dumps(report, indent=2))
