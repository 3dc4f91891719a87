"""The backup and the restore drill, run against the test PostgreSQL (skipped on SQLite, failed
under LOB_REQUIRE_SERVICES=1)."""

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.db import connection

from lob.dossier.models import Evidence
from tests.factories.portal_parts import file_evidence, reflection
from tests.factories.students import StudentFactory

ROOT = Path(__file__).resolve().parents[2]
# serialized_rollback: afterwards the database is put back as it was, content types with the
# same ids (a plain flush re-creates them with new ids, and a later transactional test that
# restores the serialized database then clashes with them).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _database_url() -> str:
    s = connection.settings_dict
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or "5432"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{host}:{port}/{s['NAME']}"


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql" or not shutil.which("pg_dump"):
        if os.environ.get("LOB_REQUIRE_SERVICES") == "1":
            pytest.fail("the restore drill needs PostgreSQL and its client tools")
        pytest.skip("the restore drill needs PostgreSQL and its client tools")
    return _database_url()


def _run(script, *args, url, **env):
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args], cwd=ROOT, capture_output=True, text=True,
        timeout=300, check=False,
        env={**os.environ, "DATABASE_URL": url, **env},
    )


def test_backup_then_restore_drill_passes(world, postgres, tmp_path):
    backup = _run("backup.sh", str(tmp_path), url=postgres)
    assert backup.returncode == 0, backup.stderr
    archive = Path(backup.stdout.strip())
    assert archive.exists() and oct(archive.stat().st_mode)[-3:] == "600"
    counts = dict(line.split() for line in Path(f"{archive}.counts").read_text().splitlines())
    assert int(counts["public.students_student"]) > 0
    drill = _run("restore_drill.sh", str(archive), url=postgres)
    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert "DRILL OK" in drill.stdout and "migrations: up to date" in drill.stdout
    assert oct(Path(f"{archive}.files.tar.gz").stat().st_mode)[-3:] == "600"
    # The scratch database is gone again.
    scratch = drill.stdout.split(" into ")[1].split()[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [scratch])
        assert cursor.fetchone()[0] == 0


def test_the_drill_fails_when_the_archive_lost_rows(world, postgres, tmp_path):
    archive = Path(_run("backup.sh", str(tmp_path), url=postgres).stdout.strip())
    counts_file = Path(f"{archive}.counts")
    lines = counts_file.read_text().splitlines()
    lines = [f"{t} {int(n) + 1}" if t == "public.students_student" else f"{t} {n}"
             for t, n in (line.split() for line in lines)]
    counts_file.write_text("\n".join(lines) + "\n")
    drill = _run("restore_drill.sh", str(archive), url=postgres)
    assert drill.returncode != 0
    assert "students_student" in drill.stderr


def test_backup_refuses_a_database_that_is_not_postgresql(tmp_path):
    result = _run("backup.sh", str(tmp_path), url="sqlite:///var/lob.sqlite3")
    assert result.returncode == 2 and "not a PostgreSQL URL" in result.stderr


def test_backup_holds_the_data_it_was_asked_to(world, postgres, tmp_path):
    StudentFactory(programme=world.programme, student_number="777777")
    archive = Path(_run("backup.sh", str(tmp_path), url=postgres).stdout.strip())
    listing = subprocess.run(["pg_restore", "--data-only", "--table=students_student",
                              "--file=-", str(archive)], capture_output=True, text=True,
                             check=True, timeout=60)
    assert "777777" in listing.stdout


def test_the_evidence_files_are_backed_up_beside_the_database(world, postgres, tmp_path):
    """The dossier's evidence files live outside the database (LOB_DOSSIER_FILES_DIR):
    backup.sh archives them beside the dump, and the drill checks that every file a restored
    row names is in that archive."""
    evidence = file_evidence(reflection(world.student))
    archive = Path(_run("backup.sh", str(tmp_path), url=postgres).stdout.strip())
    with tarfile.open(f"{archive}.files.tar.gz") as files:
        names = {name.removeprefix("./") for name in files.getnames()}
        member = files.extractfile(f"./{evidence.file.name}")
        assert member.read() == evidence.file.open("rb").read()
    assert evidence.file.name in names
    drill = _run("restore_drill.sh", str(archive), url=postgres)
    assert drill.returncode == 0, drill.stdout + drill.stderr
    files = Evidence.objects.exclude(file="").count()
    assert files >= 1
    assert f"evidence files: all {files} present" in drill.stdout


def test_the_drill_fails_when_an_evidence_file_is_missing_from_the_backup(world, postgres,
                                                                          tmp_path):
    evidence = file_evidence(reflection(world.student))
    archive = Path(_run("backup.sh", str(tmp_path), url=postgres).stdout.strip())
    with tarfile.open(f"{archive}.files.tar.gz", "w:gz"):
        pass  # the files archive, emptied
    drill = _run("restore_drill.sh", str(archive), url=postgres)
    assert drill.returncode != 0
    assert evidence.file.name in drill.stderr
