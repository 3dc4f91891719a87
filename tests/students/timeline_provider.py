"""A stand-in for another app's timeline provider (common.registry.timeline_entries)."""

import datetime

from django.utils import timezone

from common.timeline import TimelineEntry


def referral_status(student, user, first_line=None):
    return [
        TimelineEntry(
            when=timezone.now() - datetime.timedelta(days=1),
            kind="referral",
            title="Doorverwijzing LEC: in behandeling",
            template="students/timeline/external.html",
            context={"detail": f"voor {user.email}"},
        )
    ]

