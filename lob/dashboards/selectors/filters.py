"""The school year and split a dashboard shows."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from ..periods import reference_date, study_year_in


@dataclass(frozen=True)
class Filters:
    year: int
    pathway: str = ""
    study_year: int | None = None
    today: datetime.date | None = None

    @property
    def day(self) -> datetime.date:
        return self.today or timezone.localdate()

    @property
    def reference(self) -> datetime.date:
        return reference_date(self.year, self.day)

    @property
    def key(self) -> tuple:
        """What the rollup figures shown depend on, for a cache key."""
        return (self.year, self.pathway or "-", self.study_year or "-")

    def apply(self, qs):
        """Narrow rollup rows to the chosen pathway and study year."""
        if self.pathway:
            qs = qs.filter(pathway=self.pathway)
        if self.study_year:
            qs = qs.filter(study_year=self.study_year)
        return qs

    def apply_students(self, qs, prefix: str = ""):
        """Narrow a student queryset (or one reached through `prefix`) the same way."""
        if self.pathway:
            qs = qs.filter(**{f"{prefix}programme__pathway": self.pathway})
        if self.study_year:
            qs = qs.alias(_sy=study_year_in(self.year, self.day, prefix)).filter(
                _sy=self.study_year
            )
        return qs
