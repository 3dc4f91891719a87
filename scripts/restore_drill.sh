#!/usr/bin/env bash
# Restore drill: restore a backup into a scratch database and check it.
#
#   DATABASE_URL=postgres://lob@db:5432/lob scripts/restore_drill.sh ARCHIVE [--keep]
#
# The scratch database (lob_restore_drill_<time>, on the server of DATABASE_URL, or
# $LOB_DRILL_DATABASE_URL) is created, restored with pg_restore --exit-on-error, and checked:
#   1. every table's row count equals the count recorded in ARCHIVE.counts by backup.sh;
#   2. the schema is at the migrations of this code (manage.py migrate --check);
#   3. the core tables are not empty (students_student, staff_user, django_migrations);
#   4. every evidence file a restored row names is in ARCHIVE.files.tar.gz (backup.sh).
# It is dropped afterwards unless --keep is given. Exit status 0 only when every check passes.
set -euo pipefail

archive="${1:?usage: restore_drill.sh ARCHIVE [--keep]}"
keep="${2:-}"
url="${DATABASE_URL:?DATABASE_URL must name the PostgreSQL server (and database) backed up}"
[ -f "$archive" ] || { echo "restore_drill.sh: no such archive: $archive" >&2; exit 2; }
[ -f "$archive.counts" ] || { echo "restore_drill.sh: $archive.counts is missing" >&2; exit 2; }
[ -f "$archive.files.tar.gz" ] || {
  echo "restore_drill.sh: $archive.files.tar.gz (the evidence files) is missing" >&2; exit 2; }
here="$(cd "$(dirname "$0")/.." && pwd)"
python="${LOB_PYTHON:-$here/.venv/bin/python}"

scratch_name="lob_restore_drill_$(date -u +%Y%m%d%H%M%S)_$$"
if [ -n "${LOB_DRILL_DATABASE_URL:-}" ]; then
  scratch_url="$LOB_DRILL_DATABASE_URL"
  scratch_name="${scratch_url##*/}"; scratch_name="${scratch_name%%\?*}"
else
  base="${url%%\?*}"
  scratch_url="${base%/*}/$scratch_name"
fi
admin_url="${scratch_url%/*}/postgres"

fail() { echo "DRILL FAILED: $*" >&2; exit 1; }
cleanup() {
  if [ "$keep" != "--keep" ]; then
    psql -q "$admin_url" -c "DROP DATABASE IF EXISTS \"$scratch_name\"" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

started=$(date +%s)
psql -q "$admin_url" -c "CREATE DATABASE \"$scratch_name\"" >/dev/null
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$scratch_url" "$archive"
echo "restored $archive into $scratch_name in $(( $(date +%s) - started ))s"

# 1. Row counts: what the archive holds is what the database now has.
checked=0
while read -r table rows; do
  [ -n "$table" ] || continue
  actual=$(psql -qAt "$scratch_url" -c "SELECT count(*) FROM $table")
  [ "$actual" = "$rows" ] || fail "$table has $actual rows, the archive holds $rows"
  checked=$((checked + 1))
done < "$archive.counts"
echo "row counts match for $checked tables"

# 2. The schema is at this code's migrations.
DATABASE_URL="$scratch_url" DJANGO_DEBUG=1 "$python" "$here/manage.py" migrate --check >/dev/null \
  || fail "the restored schema is not at the migrations of this code"
echo "migrations: up to date"

# 3. The core tables hold data.
for table in django_migrations staff_user students_student; do
  n=$(psql -qAt "$scratch_url" -c "SELECT count(*) FROM $table")
  [ "$n" -gt 0 ] || fail "$table is empty"
  echo "$table: $n rows"
done
# 4. The evidence files the rows name are in the files archive.
in_archive=$(mktemp); named=$(mktemp)
tar --list --gzip --file="$archive.files.tar.gz" | sed 's|^\./||' | LC_ALL=C sort -u > "$in_archive"
psql -qAt "$scratch_url" -c "SELECT file FROM dossier_evidence WHERE file <> ''" \
  | LC_ALL=C sort -u > "$named"
missing=$(LC_ALL=C comm -23 "$named" "$in_archive")
rm -f "$in_archive" "$named"
[ -z "$missing" ] || fail "evidence files missing from $archive.files.tar.gz: $(echo $missing)"
echo "evidence files: all $(psql -qAt "$scratch_url" -c "SELECT count(*) FROM dossier_evidence WHERE file <> ''") present"

echo "DRILL OK in $(( $(date +%s) - started ))s"
