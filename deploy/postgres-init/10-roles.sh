#!/bin/sh
# Run once by the postgres image when the database volume is created
# (/docker-entrypoint-initdb.d; for an existing volume run it by hand, see docs/operations.md),
# as the superuser POSTGRES_USER, who also runs the migrations and so owns every table.
# It creates:
#   lob_app          the role web, worker and beat log in as: reads and writes rows, owns
#                    nothing, so it can neither drop the access log's triggers nor truncate it;
#   lob_audit_owner  NOLOGIN: owns the access log's purge function (lec migration 0004), the
#                    only way rows leave the access log. Nobody logs in as it or is a member.
# See docs/operations.md, "The access log" and "Deployment".
set -eu
: "${LOB_DB_APP_PASSWORD:?set LOB_DB_APP_PASSWORD in .env}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v owner="$POSTGRES_USER" -v dbname="$POSTGRES_DB" -v app_password="$LOB_DB_APP_PASSWORD" <<'SQL'
-- Safe to run again (after a restore, on an existing volume): roles are created when missing.
SELECT 'CREATE ROLE lob_audit_owner NOLOGIN'
 WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'lob_audit_owner') \gexec
SELECT format('CREATE ROLE lob_app LOGIN PASSWORD %L', :'app_password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'lob_app') \gexec
GRANT CONNECT, TEMPORARY ON DATABASE :"dbname" TO lob_app;
GRANT USAGE ON SCHEMA public TO lob_app;
-- Every table and sequence the migrations create: rows only, no TRUNCATE, no DDL.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO lob_app;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO lob_app;
-- Tables that exist already (run by hand on an existing or restored database): the same rights.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO lob_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO lob_app;
SQL
