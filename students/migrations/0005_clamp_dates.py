"""Dates stored before the plausible range existed (common.dates), moved into it before
0006_session_version_token_bounds adds the check constraints; the ids moved are printed."""

from django.db import migrations

from common.dates import report_clamped

SPECS = [
    ("Student", "date_of_birth", False),
    ("Student", "start_date", False),
    ("Student", "end_date", False),
    ("CounsellorAssignment", "start_date", False),
    ("CounsellorAssignment", "end_date", False),
    ("GuidanceSession", "held_at", True),
    ("SessionAttendance", "held_at", True),
    ("FollowUp", "due_date", False),
]


def clamp(apps, schema_editor):
    report_clamped("students", SPECS, apps)


class Migration(migrations.Migration):
    dependencies = [
        ("students", "0004_followup_version"),
    ]

    operations = [
        migrations.RunPython(clamp, migrations.RunPython.noop),
    ]
