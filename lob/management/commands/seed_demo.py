from django.core.management.base import BaseCommand
from django.db import transaction
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
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        if logins:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for label, email in logins:
                self.stdout.write(f"  {label:<34} {email}")
