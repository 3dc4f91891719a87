"""Shared pieces of the demo data set (`manage.py seed_demo`)."""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

DEMO_PASSWORD = "lob-demo-2026!"  # noqa: S105 - printed for demo logins; documented in README

FIRST_NAMES = (
    "Aya Bram Chaima Daan Emma Fatima Finn Gijs Hanna Ibrahim Ilse Jayden Julia Kevin Lotte "
    "Mila Mohamed Noah Nora Olivier Priya Quinten Rachid Roos Sara Sem Sophie Tess Thijs Vera "
    "Wessel Yara Youssef Zoë Amira Bilal Cas Dewi Eline Elif Fleur Hamza Iris Jesse Kiki "
    "Lars Lina Luuk Maud Milan Naomi Nina Romy Ruben Salma Selin Stijn Tim Tygo Yasmina"
).split()
LAST_NAMES = (
    "de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|"
    "Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|"
    "de Graaf|van der Meer|El Amrani|Yilmaz|Bouzid|Kaya|Ramdin|Sardjoe|Martina|Pinas|Doğan|"
    "Öztürk|Chaouch|Nguyen|Kartosen|Wijnaldum|Koster|Prins|Huisman|Kuipers|van Vliet|Willems"
).split("|")


@dataclass
class DemoContext:
    """What each seeding step gets: the college it fills and a seeded random generator."""

    college: object
    index: int  # 0 for MBO College West, 1.. for the extra colleges of --scale
    today: datetime.date
    password_hash: str
    stdout: object
    email_domain: str
    data: dict = field(default_factory=dict)  # steps hand each other what they built
    logins: list = field(default_factory=list)  # (role label, e-mail) printed at the end

    def rng(self, step: str) -> random.Random:
        # One generator per step, seeded by college and step: steps stay deterministic on
        # their own, whatever other steps do.
        return random.Random(f"lob-demo/{self.index}/{step}")

    def say(self, message: str) -> None:
        self.stdout.write(f"  [{self.college.short_name}] {message}")


def demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)

