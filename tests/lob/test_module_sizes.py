"""Rooms of a livable size (issue "One clear house"): no module of the apps over 500 lines
(migrations, which Django writes, aside)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["common", "staff", "students", "lec", "lob"]
MAX_LINES = 500


def test_no_module_of_the_apps_is_over_500_lines():
    too_long = {
        str(path.relative_to(ROOT)): n
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}
