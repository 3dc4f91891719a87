"""The students app's demo data: the register (`register`) and a year of first-line work
(`history`), contributed as demo steps."""

from .absences import seed_absences
from .history import seed_history
from .register import seed_register

__all__ = ["seed_absences", "seed_history", "seed_register", "steps"]


def steps() -> list:
    """The demo steps of this app, with their place in the order of all apps' steps."""
    return [(20, seed_register), (30, seed_history), (35, seed_absences)]
