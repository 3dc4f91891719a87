"""Session entries on the timeline (a Django template): Dutch by default, escaped, complete."""

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


def test_counsellor_changes_and_closed_follow_ups_in_dutch(login, world):
    from django.utils import timezone

    from tests.factories.students import FollowUpFactory

    session = session_with(world.student, counsellor=world.counsellor)
    FollowUpFactory(session=session, student=world.student, owner=world.counsellor,
                    description="CV <opsturen>", status="done", done_at=timezone.now(),
                    closing_note="Verstuurd")
    html = login(world.counsellor).get(f"/students/{world.student.pk}/").content.decode()
    follow_up = html[html.index('data-testid="timeline-follow-up"'):]
    follow_up = follow_up[:follow_up.index("</article>")]
    assert "Actiepunt gedaan: CV &lt;opsturen&gt;" in follow_up and "Verstuurd" in follow_up
    counsellor = html[html.index('data-testid="timeline-counsellor"'):]
    assert f"Loopbaanbegeleider: {world.counsellor.get_full_name()}" in counsellor[
        :counsellor.index("</article>")]


def test_the_register_card_and_intake_in_dutch(login, world):
    from tests.factories.students import GroupFactory

    student = world.student
    student.groups.add(GroupFactory(team=world.team, name="ZORG-2B <a>"),
                       GroupFactory(team=world.team, name="AA-groep", kind="class"))
    html = login(world.counsellor).get(f"/students/{student.pk}/").content.decode()
    assert f"leerjaar {student.study_year}" in html and f"({student.age} jaar)" in html
    qualification = "ja" if student.has_start_qualification else "nee"
    assert f'<dt class="col-6">Startkwalificatie</dt><dd class="col-6">{qualification}</dd>' in html
    intake = html[html.index('data-testid="intake-status"'):]
    intake = intake[:intake.index("</section>")]
    assert '<span class="badge text-bg-' in intake
    assert "nog niet gehouden; uiterlijk " in intake or "gehouden op " in intake
    groups = html[html.index("<dt class=\"col-6\">Groepen</dt>"):]
    groups = groups[:groups.index("</dd>")]
    # Each name links to the group page (issue 16), escaped.
    assert 'AA-groep</a> <span class="text-muted">(Klas)</span>' in groups
    assert 'ZORG-2B &lt;a&gt;</a> <span class="text-muted">(LOB-groep)</span>' in groups
    assert groups.index("AA-groep") < groups.index("ZORG-2B")
    history = html[html.index('data-testid="counsellor-history"'):]
    assert world.counsellor.get_full_name() in history[:history.index("</ul>")]


def test_a_sessions_follow_ups_show_open_overdue_and_done_and_its_amendments(login, world):
    import datetime

    from django.utils import timezone

    from students.models import SessionAmendment
    from tests.factories.students import FollowUpFactory

    session = session_with(world.student, counsellor=world.counsellor,
                           held_at=timezone.now() - datetime.timedelta(days=20))
    today = timezone.localdate()
    FollowUpFactory(session=session, student=world.student, owner=world.colleague,
                    description="Nog te doen", due_date=today + datetime.timedelta(days=3))
    FollowUpFactory(session=session, student=world.student, owner=world.counsellor,
                    description="Te laat punt", due_date=today - datetime.timedelta(days=3))
    FollowUpFactory(session=session, student=world.student, owner=world.counsellor,
                    description="Afgerond punt", status="done", done_at=timezone.now(),
                    due_date=today - datetime.timedelta(days=5))
    SessionAmendment.objects.create(session=session, author=world.colleague,
                                    text="Vergeten: <stage> geregeld.")
    html = login(world.counsellor).get(f"/students/{world.student.pk}/").content.decode()
    entry = html[html.index(f'href="/students/sessions/{session.pk}/"'):]
    entry = entry[:entry.index("</article>")]
    items = {line.split(" — ")[0].strip("<li> \n"): line for line in entry.split("<li>")[1:]}
    assert f"{world.colleague.get_full_name()}, uiterlijk" in items["Nog te doen"]
    assert ">open<" in items["Nog te doen"] and "te laat" not in items["Nog te doen"]
    assert ">te laat<" in items["Te laat punt"]
    assert '<span class="badge text-bg-secondary">Afgerond</span>' in items["Afgerond punt"]
    assert (f"<strong>Aanvulling</strong> ({world.colleague.get_full_name()}, " in entry
            and "Vergeten: &lt;stage&gt; geregeld." in entry)
