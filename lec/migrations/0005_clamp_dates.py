"""Dates stored before the plausible range existed (common.dates), moved into it before
0006_plausible_dates_submission_tokens adds the check constraints; the ids moved are printed."""

from django.db import migrations

from common.dates import report_clamped

SPECS = [
    ("InstrumentResult", "administered_on", False),
    ("PlanAction", "due_date", False),
    ("Referral", "evaluation_date", False),
]


def clamp(apps, schema_editor):
    report_clamped("lec", SPECS, apps)


class Migration(migrations.Migration):
    dependencies = [
        ("lec", "0004_accesslog_truncate_guard"),
    ]

    operations = [
        migrations.RunPython(clamp, migrations.RunPython.noop),
    ]
