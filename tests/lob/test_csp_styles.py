"""Issue 15 (smaller): the Content-Security-Policy allowed inline styles. No template carries a
style attribute or element (the sizes are classes in static/css/lob.css), so the policy drops
'unsafe-inline' for styles."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from students.models import ImportJob

pytestmark = pytest.mark.django_db

INLINE_STYLE = re.compile(r"""<style[\s>]|\sstyle\s*=""", re.IGNORECASE)


def _template_files() -> list[Path]:
    """Every template of the project's own (the apps' and the project's template folders)."""
    root = Path(settings.BASE_DIR).resolve()
    dirs = {Path(d).resolve() for d in settings.TEMPLATES[0]["DIRS"]}
    for config in apps.get_app_configs():
        folder = Path(config.path).resolve() / "templates"
        if root in folder.parents and ".venv" not in folder.parts:
            dirs.add(folder)
    return sorted({p for d in dirs if d.exists() for p in d.rglob("*.html")})


def test_no_template_has_an_inline_style():
    files = _template_files()
    assert len(files) > 50  # the project's own templates were found
    offending = [str(p) for p in files if INLINE_STYLE.search(p.read_text(encoding="utf-8"))]
    assert offending == []


def test_the_policy_allows_no_inline_styles(client, world, login):
    for response in [client.get("/accounts/login/"), login(world.counsellor).get("/students/")]:
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert "unsafe-inline" not in directives["style-src"]
        assert "unsafe-inline" not in policy


def test_the_import_progress_bar_is_sized_by_a_class(world, login):
    job = ImportJob.objects.create(college=world.college, uploaded_by=world.admin,
                                   file_name="studenten.csv", content=b"", status="running",
                                   total_rows=200, processed_rows=112)  # 14%: the 15% step
    html = login(world.admin).get(f"/students/import/{job.pk}/").content.decode()
    assert "lob-progress-3" in html and "style=" not in html
