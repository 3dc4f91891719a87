"""Run the reminder sweep by hand (the embedded default has no beat), or show what it would do."""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from lob.notifications import rules, selectors, services
from lob.notifications.models import Digest, Kind, SweepRun


class Command(BaseCommand):
    help = "Record due reminders and send the digest e-mails (what beat does at 07:00)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Show what would be recorded and sent; change nothing.")
        parser.add_argument("--caseload", action="store_true",
                            help="Also run the weekly caseload rule (students not seen).")
        parser.add_argument("--list", type=int, default=20, metavar="N",
                            help="With --dry-run: list at most N reminders (default 20).")

    def handle(self, *args, dry_run: bool, caseload: bool, list: int, **options):
        moment = services.moment_now()
        if dry_run:
            self._preview(moment, caseload, list)
            return
        results = []
        if caseload:
            results.append(services.reminders_sweep(scope=SweepRun.Scope.WEEKLY, moment=moment))
        # The daily sweep last: it opens the digests (and, without a broker, sends them).
        daily = services.reminders_sweep(scope=SweepRun.Scope.DAILY, moment=moment)
        results.append(daily)
        recorded = Counter()
        for result in results:
            recorded.update(result.recorded)
        self.stdout.write(f"Sweep of {moment.today:%Y-%m-%d}: {sum(recorded.values())} new reminders")
        for kind in Kind:
            if recorded.get(kind.value):
                self.stdout.write(f"  {recorded[kind.value]:>6}  {kind.label}")
        digests = Digest.objects.filter(pk__in=daily.digest_ids)
        mailed = digests.filter(sent_at__isnull=False, item_count__gt=0).count()
        waiting = digests.filter(sent_at__isnull=True).count()
        self.stdout.write(f"Digest e-mails: {daily.digests_queued} queued, {mailed} sent now, "
                          f"{waiting} waiting for a worker or a retry")
        self._report_problems(results, daily)

    def _report_problems(self, results, daily) -> None:
        """What could not be done, on stderr and as exit status 1, so that cron or a monitor
        notices; everything else was recorded and sent (issue 15, F8 and R8)."""
        problems = []
        skipped = Counter()
        for result in results:
            skipped.update(result.skipped)
        for kind, n in skipped.items():
            problems.append(f"{n} reminder(s) of kind {kind} could not be recorded (see the log)")
        if daily.digests_not_queued:
            problems.append(f"{daily.digests_not_queued} digest e-mail(s) could not be queued "
                            f"(broker unavailable?); they stay unsent for the next sweep")
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError("the sweep finished with problems", returncode=1)

    def _preview(self, moment: rules.Moment, caseload: bool, limit: int) -> None:
        rule_set = rules.DAILY_RULES + (rules.WEEKLY_RULES if caseload else ())
        rows = selectors.reminders_preview(rule_set=rule_set, moment=moment)
        self.stdout.write(f"Dry run for {moment.today:%Y-%m-%d}: {len(rows)} reminders would be "
                          f"recorded; nothing was changed.")
        for kind, n in Counter(r.kind for r in rows).most_common():
            self.stdout.write(f"  {n:>6}  {Kind(kind).label}")
        recipients = {r.recipient for r in rows}
        waiting = selectors.digests_waiting().count()
        self.stdout.write(f"Digest e-mails: {len(recipients)} people would get reminders; "
                          f"{waiting} earlier digest(s) still unsent.")
        for row in rows[:limit]:
            due = f" (due {row.due_date:%Y-%m-%d})" if row.due_date else ""
            self.stdout.write(f"  - {row.recipient}: {row.kind_label}: {row.subject}{due}")
        if len(rows) > limit:
            self.stdout.write(f"  … and {len(rows) - limit} more")
