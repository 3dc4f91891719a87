#!/usr/bin/env bash
# Back up the LOB PostgreSQL database: one pg_dump archive (custom format, compressed) plus a
# list of the row counts it holds (used by restore_drill.sh to prove a restore is complete).
#
#   DATABASE_URL=postgres://lob@db:5432/lob scripts/backup.sh [DIRECTORY]
#
# DIRECTORY defaults to $LOB_BACKUP_DIR or var/backups. Archives older than
# $LOB_BACKUP_KEEP_DAYS (default 35) are removed: backups hold personal data too, and an
# erasure or retention purge must reach them within that time (see docs/operations.md).
# Prints the path of the new archive.
set -euo pipefail

url="${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
case "$url" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL is not a PostgreSQL URL" >&2; exit 2 ;;
esac
dir="${1:-${LOB_BACKUP_DIR:-var/backups}}"
keep_days="${LOB_BACKUP_KEEP_DAYS:-35}"

umask 077
mkdir -p "$dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
archive="$dir/lob-$stamp.dump"

pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$archive.partial" "$url"
# The row counts inside the archive itself (one COPY line per row), not of the live database,
# which may have changed since the snapshot pg_dump took.
pg_restore --data-only --file=- "$archive.partial" | awk '
  /^COPY / { table = $2; rows = 0; next }
  /^\\\.$/ { if (table != "") print table, rows; table = ""; next }
  table != "" { rows++ }
' | sort > "$archive.counts.partial"
mv "$archive.partial" "$archive"
mv "$archive.counts.partial" "$archive.counts"

find "$dir" -maxdepth 1 -name 'lob-*.dump*' -type f -mtime +"$keep_days" -delete
echo "$archive"
