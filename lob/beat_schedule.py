"""Every periodic task of LOB, each with a comment saying when it runs (Europe/Amsterdam);
the settings' CELERY_BEAT_SCHEDULE. Run exactly one beat (see README): it only dispatches; the
tasks are safe to run twice. Without a broker the web process runs it (lob/embedded_beat.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # Every night at 02:30: remove or pseudonymise what is past its retention term
    # (LOB_RETENTION_YEARS); safe to run twice, a second run finds nothing left.
    "privacy-purge-expired": {
        "task": "lob.privacy.tasks.purge_expired",
        "schedule": crontab(hour=2, minute=30),
    },
    # Every night at 02:45: alumni whose term (LOB_ALUMNI_TERM_YEARS) ended leave the pool.
    "purge-expired-alumni": {
        "task": "lob.community.tasks.purge_expired_alumni",
        "schedule": crontab(hour=2, minute=45),
    },
    # Every day at 07:00: record due reminders and send each person one digest e-mail.
    "reminders-daily-sweep": {
        "task": "lob.notifications.tasks.sweep",
        "schedule": crontab(hour=7, minute=0),
    },
    # Mondays at 06:45: caseload students not seen for LOB_NOT_SEEN_WEEKS; recorded before the
    # 07:00 sweep so that they travel in Monday's digest.
    "reminders-weekly-caseload": {
        "task": "lob.notifications.tasks.sweep_caseload",
        "schedule": crontab(hour=6, minute=45, day_of_week="mon"),
    },
    # Every 15 minutes: recompute the dashboards' rollups of the running school year (and of
    # any shown year never computed); the pages show how old the figures are.
    "dashboards-refresh-rollups": {
        "task": "lob.dashboards.tasks.refresh_rollups",
        "schedule": crontab(minute="*/15"),
    },
    # Every 15 minutes: a student import still waiting or running long past its time limit
    # (a killed worker, a lost message) is marked failed and its file (personal data) deleted.
    "students-fail-stuck-imports": {
        "task": "students.tasks.fail_stuck_imports",
        "schedule": crontab(minute="*/15"),
    },
    # Every 15 minutes: the same for staff imports.
    "staff-fail-stuck-imports": {
        "task": "staff.tasks.fail_stuck_imports",
        "schedule": crontab(minute="*/15"),
    },
    # Every night at 00:05: switch off the accounts of staff whose employment (the staff
    # import's end date) ended yesterday or before.
    "staff-switch-off-leavers": {
        "task": "staff.tasks.switch_off_leavers_task",
        "schedule": crontab(hour=0, minute=5),
    },
    # Every 5 minutes: import the exports the student information system dropped in
    # LOB_IMPORT_DROP_DIR (each file once, by its hash), archive them and e-mail a report.
    "students-import-drop-folder": {
        "task": "students.tasks.import_drop_folder",
        "schedule": crontab(minute="*/5"),
    },
}
