#!/usr/bin/env bash
# Back up the LOB PostgreSQL database: one pg_dump archive (custom format, compressed) plus a
# list of the row counts it holds (used by restore_drill.sh to prove a restore is complete),
# and the students' evidence files of the career dossier (LOB_DOSSIER_FILES_DIR, default
# var/private/dossier), which live outside the database: ARCHIVE.files.tar.gz, taken right
# after the dump, so it holds every file a row of the dump names (restore_drill.sh checks that).
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
here="$(cd "$(dirname "$0")/.." && pwd)"
files_dir="${LOB_DOSSIER_FILES_DIR:-$here/var/private/dossier}"
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
# The evidence files. No directory yet (no file was ever uploaded): an empty archive, and a
# warning, as the restore drill fails if a row names a file the archive does not hold.
if [ -d "$files_dir" ]; then
  tar --create --gzip --file="$archive.files.tar.gz.partial" --directory="$files_dir" .
else
  echo "backup.sh: no evidence files directory $files_dir (LOB_DOSSIER_FILES_DIR)" >&2
  tar --create --gzip --file="$archive.files.tar.gz.partial" --files-from=/dev/null
fi
mv "$archive.partial" "$archive"
mv "$archive.counts.partial" "$archive.counts"
mv "$archive.files.tar.gz.partial" "$archive.files.tar.gz"

find "$dir" -maxdepth 1 -name 'lob-*.dump*' -type f -mtime +"$keep_days" -delete
echo "$archive"
