"""Demo data of the dashboards (a seed step of `manage.py seed_demo`): an ROC-level director
and the rollups of the college just seeded, so the dashboards show figures straight away."""

from django.contrib.auth.models import Group

from common.demo import DemoContext
from staff.models import User

from .periods import shown_years
from .services import dashboard_refresh


def seed_rollups(ctx: DemoContext) -> None:
    if ctx.index == 0:
        user, _ = User.objects.get_or_create(
            email="roc@lob.demo",
            defaults={"first_name": "Roos", "last_name": "van het ROC", "college": None,
                      "password": ctx.password_hash},
        )
        user.groups.add(Group.objects.get(name="director"))
        ctx.logins.append(("ROC-bestuur", user.email))
    for year in shown_years(ctx.today):
        dashboard_refresh(school_year=year, college_ids=[ctx.college.pk], today=ctx.today)
    ctx.say(f"dashboard figures for {len(shown_years(ctx.today))} school years")


def steps() -> list:
    """The demo steps of this app, with their place in the order of all apps' steps."""
    return [(90, seed_rollups)]
