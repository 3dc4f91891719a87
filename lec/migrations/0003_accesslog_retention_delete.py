"""The access log stays append-only, with one exception: the retention purge may DELETE rows
past their term. It says so with a transaction-local setting (`SET LOCAL
lob.retention_purge = 'on'`), so it needs neither table ownership nor the table lock that
disabling the trigger would take. UPDATE stays refused always."""

from django.db import migrations

ALLOW_RETENTION = """
CREATE OR REPLACE FUNCTION lec_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('lob.retention_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'lec_accesslog is append-only';
END;
$$ LANGUAGE plpgsql;
"""
STRICT = """
CREATE OR REPLACE FUNCTION lec_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'lec_accesslog is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def allow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_RETENTION)


def strict(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(STRICT)


class Migration(migrations.Migration):
    dependencies = [("lec", "0002_accesslog_append_only")]

    operations = [migrations.RunPython(allow, strict)]
