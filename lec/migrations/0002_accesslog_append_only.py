"""On PostgreSQL the database itself refuses UPDATE and DELETE on the access log, so not even
a raw query or a shell session through the application's account can rewrite it."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION lec_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'lec_accesslog is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER lec_accesslog_append_only
    BEFORE UPDATE OR DELETE ON lec_accesslog
    FOR EACH ROW EXECUTE FUNCTION lec_accesslog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS lec_accesslog_append_only ON lec_accesslog;
DROP FUNCTION IF EXISTS lec_accesslog_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("lec", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
