"""The dashboards' part of the shared test world: an ROC-level director (no college)."""

from tests.factories.staff import UserFactory


def extend(w):
    w.roc_director = UserFactory(college=None, email="roc@roc.test", roles=["director"])
