from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from common import registry
from common.demo import DEMO_PASSWORD, DemoContext, demo_password_hash
from staff.demo import college_for_index


def _steps():
    """Every app's demo steps (common.registry.demo_steps) in their order. Each step fills one
    college and is idempotent (it checks what is there before it adds)."""
    return [step for _order, step in sorted(registry.collect(registry.demo_steps),
                                             key=lambda pair: pair[0])]


class Command(BaseCommand):
    help = "Build the demo data set: MBO College West (and more colleges with --scale)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Number of colleges to build.")

    def handle(self, *args, scale: int, **options):
        if scale < 1:
            self.stderr.write("--scale must be 1 or more")
            return
        password_hash = demo_password_hash()
        today = timezone.localdate()
        logins = []
        steps = _steps()
        for index in range(scale):
            with transaction.atomic():
                college, domain = college_for_index(index)
                ctx = DemoContext(
                    college=college,
                    index=index,
                    today=today,
                    password_hash=password_hash,
                    stdout=self.stdout,
                    email_domain=domain,
                )
                self.stdout.write(f"{college.name}:")
                for step in steps:
                    step(ctx)
            if index == 0:
                logins = ctx.logins
        self._sweep()
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        if logins:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for label, email in logins:
                self.stdout.write(f"  {label:<34} {email}")

    def _sweep(self) -> None:
        """The demo starts as production would be in the morning: the reminder sweep has run
        (notifications, digests, a fresh sweep for /health/). Its digest e-mails go to files
        under var/mail rather than flooding the console."""
        from lob.notifications.models import SweepRun
        from lob.notifications.services import reminders_sweep

        backend = settings.EMAIL_BACKEND
        if backend == "django.core.mail.backends.console.EmailBackend":
            backend = "django.core.mail.backends.filebased.EmailBackend"
        with override_settings(EMAIL_BACKEND=backend):
            reminders_sweep(scope=SweepRun.Scope.WEEKLY)
            daily = reminders_sweep(scope=SweepRun.Scope.DAILY)
        where = f" (e-mails in {settings.EMAIL_FILE_PATH})" if "filebased" in backend else ""
        self.stdout.write(f"Reminder sweep done: {daily.total} new reminders{where}")
