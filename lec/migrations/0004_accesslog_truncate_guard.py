"""The access log's last two gaps on PostgreSQL (issue 15, F10).

1. TRUNCATE fires no DELETE trigger: a BEFORE TRUNCATE trigger refuses it. A superuser is let
   through, because a superuser can switch triggers off anyway and `manage.py flush` (test
   databases) truncates every table.
2. The retention setting of 0003 (`SET LOCAL lob.retention_purge = 'on'`) can be set by anyone
   who can delete, the application's own role included. Where a role that owns the audit
   (settings.LOB_AUDIT_OWNER_ROLE, by default `lob_audit_owner`; the app must neither log in as
   it nor be a member of it) exists, the purge becomes a SECURITY DEFINER function owned by
   that role, `lec_accesslog_purge(cutoff)`, and the trigger lets a DELETE through only when it
   runs as that function's owner: the setting no longer opens anything. The function never
   deletes an entry younger than the access-log term configured when it was installed
   (settings.LOB_RETENTION_YEARS["access_log"]), whatever cutoff it is given. Without the role
   (development, CI) the setting of 0003 keeps working as before; docs/operations.md says how
   to create the role and install the function afterwards.

PostgreSQL only; on SQLite this migration does nothing (the model refuses changes there).
"""

import logging

from django.conf import settings
from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

PURGE_SIGNATURE = "lec_accesslog_purge(timestamptz)"

NO_TRUNCATE = """
CREATE OR REPLACE FUNCTION lec_accesslog_no_truncate() RETURNS trigger AS $$
BEGIN
    IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'lec_accesslog is append-only: TRUNCATE is refused';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS lec_accesslog_no_truncate ON lec_accesslog;
CREATE TRIGGER lec_accesslog_no_truncate
    BEFORE TRUNCATE ON lec_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION lec_accesslog_no_truncate();
"""

# The DELETE rule. `purger` is looked up schema-qualified: inside the purge function the
# search_path is pinned to pg_catalog.
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION lec_accesslog_append_only() RETURNS trigger AS $$
DECLARE
    purger regprocedure := to_regprocedure('{schema}.{signature}');
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF purger IS NULL THEN
            IF current_setting('lob.retention_purge', true) = 'on' THEN
                RETURN OLD;
            END IF;
        ELSIF current_user <> session_user AND
              (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user) =
              (SELECT proowner FROM pg_catalog.pg_proc WHERE oid = purger) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'lec_accesslog is append-only';
END;
$$ LANGUAGE plpgsql;
"""

# 0003's rule, for the way back.
APPEND_ONLY_0003 = """
CREATE OR REPLACE FUNCTION lec_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('lob.retention_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'lec_accesslog is append-only';
END;
$$ LANGUAGE plpgsql;
"""

# Anyone may call it: it removes only what retention removes anyway (entries past the term).
PURGE = """
CREATE OR REPLACE FUNCTION {schema}.lec_accesslog_purge(cutoff timestamptz) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    deleted bigint;
BEGIN
    DELETE FROM {schema}.lec_accesslog
     WHERE at < LEAST(cutoff, now() - make_interval(years => {min_years}));
    GET DIAGNOSTICS deleted = ROW_COUNT;
    RETURN deleted;
END;
$$;
GRANT USAGE ON SCHEMA {schema} TO {owner};
GRANT SELECT, DELETE ON {schema}.lec_accesslog TO {owner};
ALTER FUNCTION {schema}.{signature} OWNER TO {owner};
"""

DROP = """
DROP TRIGGER IF EXISTS lec_accesslog_no_truncate ON lec_accesslog;
DROP FUNCTION IF EXISTS lec_accesslog_no_truncate();
DROP FUNCTION IF EXISTS {schema}.{signature};
"""


def _schema(cursor, quote) -> str:
    cursor.execute("SELECT current_schema()")
    return quote(cursor.fetchone()[0])


def install_purge(connection, owner: str, min_years: int) -> bool:
    """Create the purge function owned by `owner`; False (and nothing changed) when that role
    does not exist or the migrating role may not hand a function to it."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = %s", [owner])
        if cursor.fetchone() is None:
            return False
        sql = PURGE.format(schema=_schema(cursor, quote), owner=quote(owner),
                           signature=PURGE_SIGNATURE, min_years=int(min_years))
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute(sql)
        except DatabaseError as exc:
            logger.warning("The access-log purge function was not installed (%s); see "
                           "docs/operations.md, 'The access log'.", exc)
            return False
    return True


def install_guards(connection) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        schema = _schema(cursor, quote)
        cursor.execute(NO_TRUNCATE)
        cursor.execute(APPEND_ONLY.format(schema=schema.replace("'", "''"),
                                          signature=PURGE_SIGNATURE))


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    install_guards(connection)
    owner = getattr(settings, "LOB_AUDIT_OWNER_ROLE", "lob_audit_owner")
    if owner:
        install_purge(connection, owner, settings.LOB_RETENTION_YEARS["access_log"])


def backward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        schema = _schema(cursor, connection.ops.quote_name)
        cursor.execute(APPEND_ONLY_0003)
        cursor.execute(DROP.format(schema=schema, signature=PURGE_SIGNATURE))


class Migration(migrations.Migration):
    dependencies = [("lec", "0003_accesslog_retention_delete")]

    operations = [migrations.RunPython(forward, backward)]
