"""A web worker loads the URLconf, every template and the translations before its first request,
and freezes them out of the garbage collector's full collections (lob/warmup.py, lob/wsgi.py)."""

import os
import subprocess
import sys
from pathlib import Path

from django.template import engines

from lob import warmup

ROOT = Path(__file__).resolve().parents[2]


def test_every_template_compiles():
    # A template with a syntax error (in a page few users open, say) fails here, not on the
    # first request that renders it.
    names = warmup.template_names()
    assert "base.html" in names
    assert "students/caseload.html" in names
    assert warmup.load() == []


def test_a_broken_template_is_reported_and_the_rest_still_load(tmp_path, settings):
    (tmp_path / "zz_broken.html").write_text("{% if %}")
    (tmp_path / "zz_fine.html").write_text("fine")
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    settings.TEMPLATES = templates  # engines are rebuilt for the new setting
    assert "zz_fine.html" in warmup.template_names()
    assert warmup.load() == ["zz_broken.html"]
    assert engines["django"].get_template("zz_fine.html").render() == "fine"


def test_the_wsgi_worker_starts_with_its_templates_frozen():
    # In a fresh interpreter, as gunicorn imports it: the compiled base template is out of the
    # collector's generations (frozen), which it would not be if it were compiled on first use.
    probe = (
        "import gc, lob.wsgi\n"
        "from django.template import engines\n"
        "compiled = engines['django'].get_template('base.html').template\n"
        "tracked = {id(o) for o in gc.get_objects()}\n"
        "print(gc.get_freeze_count() > 0, id(compiled) in tracked, id(compiled.nodelist) in tracked)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lob.settings_test"}
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120, check=True)
    assert result.stdout.split() == ["True", "False", "False"]
