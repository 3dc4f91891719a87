from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from lob.demo import DEMO_PASSWORD, DemoContext, demo_password_hash

# Each step fills one college; each is idempotent (it checks what is there before it adds).
STEPS = [
    "staff.demo.seed_organisation",
    "students.demo.seed_register",
    "students.demo.seed_history",
    "lec.demo.seed_referrals",
    "staff.demo.seed_cycles",
    "lob.dashboards.demo.seed_rollups",
]


def _steps():
    for dotted in STEPS:
        try:
            yield dotted, import_string(dotted)
        except ImportError:
            continue  # an app that has no demo data (yet)


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
        steps = list(_steps())
        for index in range(scale):
            from staff.demo import college_for_index

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
                for _name, step in steps:
                    step(ctx)
            if index == 0:
                logins = ctx.logins
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        if logins:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for label, email in logins:
                self.stdout.write(f"  {label:<34} {email}")
