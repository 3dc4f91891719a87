"""Demo organisation: colleges, teams and staff in every role (and, in `cycles`, their
frameworks, standards, review cycles and team plans)."""


from django.contrib.auth.models import Group

from common.demo import FIRST_NAMES, LAST_NAMES, DemoContext

from ..models import College, Team, TeamMembership, User
from ..roles import Role
from .cycles import seed_cycles  # noqa: F401 - a demo step, named here with the others

# (code, name, number of counsellors)
TEAMS = [
    ("pw", "Pedagogisch Werk", 12),
    ("gz", "Gezondheidszorg", 10),
    ("vz", "Verpleging en Verzorging", 16),
    ("zw", "Zorg en Welzijn Basis", 10),
    ("mz", "Maatschappelijke Zorg", 8),
    ("entree", "Entree", 4),
    ("sb", "Sport en Bewegen", 6),
]

# Demo logins of MBO College West, one per role (printed by seed_demo, listed in the README).
DEMO_LOGINS = [
    ("Loopbaanbegeleider", "counsellor"),
    ("Zorgcoördinator", "care"),
    ("LEC-medewerker", "lec"),
    ("LEC-leiding", "leclead"),
    ("Opleidingsmanager", "manager"),
    ("P&O (HR)", "hr"),
    ("Directie", "director"),
    ("Functioneel beheer", "admin"),
    ("Functionaris gegevensbescherming", "privacy"),
]


def college_for_index(index: int) -> tuple[College, str]:
    if index == 0:
        college, _ = College.objects.get_or_create(
            short_name="west", defaults={"name": "MBO College West"}
        )
        return college, "west.lob.demo"
    college, _ = College.objects.get_or_create(
        short_name=f"college-{index + 1}", defaults={"name": f"MBO College {index + 1}"}
    )
    return college, f"college{index + 1}.lob.demo"


def _user(ctx: DemoContext, local: str, first: str, last: str) -> User:
    user, created = User.objects.get_or_create(
        email=f"{local}@{ctx.email_domain}",
        defaults={
            "first_name": first,
            "last_name": last,
            "college": ctx.college,
            "password": ctx.password_hash,
        },
    )
    return user


def seed_organisation(ctx: DemoContext) -> None:
    rng = ctx.rng("organisation")
    groups = {g.name: g for g in Group.objects.all()}

    def name():
        return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)

    teams = {}
    counsellors: dict[str, list[User]] = {}
    for code, team_name, n_counsellors in TEAMS:
        team, _ = Team.objects.get_or_create(
            college=ctx.college, code=code, defaults={"name": team_name}
        )
        teams[code] = team
        people = []
        for i in range(n_counsellors):
            first, last = name()
            local = "counsellor" if (code == "pw" and i == 0) else f"lb.{code}.{i + 1}"
            people.append((_user(ctx, local, first, last), Role.COUNSELLOR))
        counsellors[code] = [u for u, _ in people]
        first, last = name()
        manager = _user(ctx, "manager" if code == "pw" else f"om.{code}", first, last)
        first, last = name()
        care = _user(ctx, "care" if code == "pw" else f"zc.{code}", first, last)
        people += [(manager, Role.MANAGER), (care, Role.CARE_COORDINATOR)]
        for user, role in people:
            TeamMembership.objects.get_or_create(team=team, user=user, role=role)
            user.groups.add(groups[role])

    college_people = [("leclead", Role.LEC_LEAD), ("lec", Role.LEC_WORKER)]
    college_people += [(f"lec.{i}", Role.LEC_WORKER) for i in range(2, 17)]
    college_people += [("hr", Role.HR), ("hr.2", Role.HR), ("director", Role.DIRECTOR),
                       ("director.2", Role.DIRECTOR), ("admin", Role.ADMIN),
                       ("privacy", Role.PRIVACY_OFFICER)]
    lec_workers = []
    for local, role in college_people:
        first, last = name()
        user = _user(ctx, local, first, last)
        user.groups.add(groups[role])
        if role == Role.ADMIN and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        if role in (Role.LEC_WORKER, Role.LEC_LEAD):
            lec_workers.append(user)

    ctx.data.update(teams=teams, counsellors=counsellors, lec_workers=lec_workers)
    ctx.logins = [(label, f"{local}@{ctx.email_domain}") for label, local in DEMO_LOGINS]
    ctx.say(f"{len(teams)} teams, {User.objects.filter(college=ctx.college).count()} staff")


# --- review cycles, frameworks, team plans and standards (seed_cycles) -------------------------

# The college's competency framework (seed: "Gesprekkencyclus"): four categories, each with
# competencies and behavioural criteria.


def steps() -> list:
    """The demo steps of this app, with their place in the order of all apps' steps."""
    return [(10, seed_organisation), (50, seed_cycles)]
