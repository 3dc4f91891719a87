"""Session entries on the timeline (a Jinja2 template): Dutch by default, escaped, complete."""

import pytest

from tests.factories.students import session_with

pytestmark = pytest.mark.django_db


def test_session_entry_in_dutch_with_its_text_escaped_and_line_breaks_kept(login, world):
    session = session_with(world.student, counsellor=world.counsellor,
                           summary="Eerste regel\n<script>alert(1)</script>",
                           agreements="Stage zoeken")
    html = login(world.counsellor).get(f"/students/{world.student.pk}/").content.decode()
    entry = html[html.index(f'href="/students/sessions/{session.pk}/"') - 400:]
    entry = entry[:entry.index("</article>")]
    assert "Spreekkamer" in entry and "Afspraken" in entry and "Stage zoeken" in entry
    assert "Eerste regel<br>&lt;script&gt;alert(1)&lt;/script&gt;" in entry
    assert "<script>" not in entry
