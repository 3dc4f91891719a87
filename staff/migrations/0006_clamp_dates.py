"""Dates stored before the plausible range existed (common.dates), moved into it before
0007_plausible_dates adds the check constraints; the ids moved are printed."""

from django.db import migrations

from common.dates import report_clamped

SPECS = [
    ("CycleMeeting", "planned_on", False),
    ("CycleMeeting", "held_on", False),
    ("FeedbackRequest", "deadline", False),
    ("Training", "completed_on", False),
    ("TeamPlanAction", "due_on", False),
    ("TeamProgressReview", "held_on", False),
]


def clamp(apps, schema_editor):
    report_clamped("staff", SPECS, apps)


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0005_role_grant_requests"),
    ]

    operations = [
        migrations.RunPython(clamp, migrations.RunPython.noop),
    ]
