"""The learning community in a real browser: a counsellor finds a material in the library and
links it to a group session of theirs."""

from lob.community.models import MaterialUse
from tests.e2e.conftest import log_in
from tests.factories.staff import PASSWORD
from tests.factories.students import session_with


def test_a_counsellor_finds_a_material_and_links_it_to_a_group_session(page, world):
    session = session_with(world.student, world.team_student, counsellor=world.counsellor,
                           group=world.group)
    log_in(page, world.counsellor.email, PASSWORD)
    page.get_by_role("link", name="Materialen").click()
    page.select_option("select[name=competency]", "qualities")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Kwaliteitenspel").click()
    page.select_option("select[name=session]", str(session.pk))
    page.get_by_test_id("mark-used").click()
    assert "Gemarkeerd als gebruikt in je groep." in page.get_by_role("status").first.inner_text()
    assert "LOB VIG 1A" in page.get_by_test_id("material-uses").inner_text()
    use = MaterialUse.objects.get()
    assert (use.material, use.session) == (world.material, session)
