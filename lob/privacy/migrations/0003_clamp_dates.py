"""Dates stored before the plausible range existed (common.dates), moved into it before
0004_plausible_dates adds the check constraint; the ids moved are printed."""

from django.db import migrations

from common.dates import report_clamped

SPECS = [
    ("PrivacyRequest", "received_on", False),
]


def clamp(apps, schema_editor):
    report_clamped("privacy", SPECS, apps)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_role_grant_requests"),
    ]

    operations = [
        migrations.RunPython(clamp, migrations.RunPython.noop),
    ]
