"""`manage.py rollups_rebuild [--year Y ...] [--college ID ...]`: recompute the dashboards'
rollups of every student and team, whatever changed (the periodic refresh recomputes only the
students whose records changed; see lob/dashboards/changes.py)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lob.dashboards.periods import shown_years
from lob.dashboards.services import dashboard_refresh


class Command(BaseCommand):
    help = "Recompute the dashboards' rollups of every team (all shown school years unless given)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", dest="years",
                            help="A school year by its first calendar year (repeatable).")
        parser.add_argument("--college", type=int, action="append", dest="colleges",
                            help="A college id (repeatable); every college unless given.")

    def handle(self, *args, years, colleges, **options):
        today = timezone.localdate()
        shown = shown_years(today)
        for year in years or shown:
            if year not in shown:
                raise CommandError(f"{year} is not one of the school years shown: {shown}")
        for year in years or shown:
            started = time.monotonic()
            rows = dashboard_refresh(school_year=year, college_ids=colleges, today=today,
                                     full=True)
            self.stdout.write(f"{year}-{year + 1}: {rows} team rows changed in "
                              f"{time.monotonic() - started:.1f} s")
