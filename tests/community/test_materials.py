"""The shared library: files checked and served only inside the college, search and filters,
ratings, and "used in my group" linked to a group session."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lob.community.models import Material, MaterialRating, MaterialUse
from tests.community.world import PDF
from tests.factories.students import session_with


@pytest.fixture
def world(world_once_per_module):
    return world_once_per_module


def _share(client, upload, **fields):
    data = {"title": "Motievenkaart", "description": "Twintig motieven.", "team": "",
            "study_year_from": "1", "study_year_to": "3", "competencies": ["motives"],
            "link": "", **fields}
    if upload is not None:
        data["file"] = upload
    return client.post("/community/materials/new/", data)


def test_a_shared_file_is_downloaded_by_a_colleague_and_not_by_another_college(world, login,
                                                                               settings):
    response = _share(login(world.counsellor), SimpleUploadedFile("motieven.pdf", PDF))
    assert response.status_code == 302
    material = Material.objects.get(title="Motievenkaart")
    assert material.file.name.startswith("materials/")
    assert os.path.exists(material.file.path)
    assert material.file.path.startswith(str(settings.MEDIA_ROOT))
    download = login(world.other_manager).get(f"/community/materials/{material.pk}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert login(world.foreign).get(f"/community/materials/{material.pk}/file/").status_code == 404


@pytest.mark.parametrize("upload,message", [
    (SimpleUploadedFile("groot.pdf", PDF + b"x" * 200), "te groot"),
    (SimpleUploadedFile("script.exe", b"MZ\x90\x00"), "niet toegestaan"),
    (SimpleUploadedFile("plaatje.pdf", b"\x89PNG\r\n\x1a\n rest"), "komt niet overeen"),
], ids=["too-large", "type", "content"])
def test_a_refused_file_says_why_next_to_the_field_and_saves_nothing(world, login, settings,
                                                                      upload, message):
    settings.LOB_UPLOAD_MAX_BYTES = 100
    before = set(os.listdir(settings.MEDIA_ROOT)) if os.path.isdir(settings.MEDIA_ROOT) else set()
    response = _share(login(world.counsellor), upload)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert message in errors, errors
    assert not Material.objects.filter(title="Motievenkaart").exists()
    after = set(os.listdir(settings.MEDIA_ROOT)) if os.path.isdir(settings.MEDIA_ROOT) else set()
    assert after == before


def test_a_material_needs_a_file_or_a_link(world, login):
    response = _share(login(world.counsellor), None)
    assert "Voeg een bestand of een link toe." in " ".join(response.context["form"].errors["file"])
    assert _share(login(world.counsellor), None,
                  link="https://example.nl/motieven").status_code == 302


def test_search_and_filters(world, login):
    client = login(world.colleague)

    def titles(query):
        return [m.title for m in client.get(f"/community/materials/?{query}")
                .context["page"].object_list]

    assert titles("") == ["Kwaliteitenspel"]  # not college B's
    assert titles("q=kwaliteit") == ["Kwaliteitenspel"]
    assert titles("competency=qualities") == ["Kwaliteitenspel"]
    assert titles("competency=networking") == []
    assert titles("study_year=2") == ["Kwaliteitenspel"]
    assert titles("study_year=3") == []
    assert titles(f"team={world.other_team.pk}") == []


def test_rating_twice_keeps_one_rating_per_person(world, login):
    client = login(world.colleague)
    client.post(f"/community/materials/{world.material.pk}/rate/", {"stars": "2"})
    client.post(f"/community/materials/{world.material.pk}/rate/", {"stars": "4"})
    assert list(MaterialRating.objects.values_list("stars", flat=True)) == [4]
    page = client.get(f"/community/materials/{world.material.pk}/").content.decode()
    assert "★ 4,0" in page or "★ 4.0" in page


def test_used_in_my_group_links_my_own_group_session_only(world, login):
    mine = session_with(world.student, world.team_student, counsellor=world.counsellor,
                        group=world.group)
    theirs = session_with(world.other_team_student,
                          counsellor=world.outsider, group=world.other_group)
    client = login(world.counsellor)
    client.post(f"/community/materials/{world.material.pk}/used/", {"session": mine.pk})
    use = MaterialUse.objects.get()
    assert (use.session, use.team) == (mine, world.team)
    # Twice for one session: refused, still one.
    response = client.post(f"/community/materials/{world.material.pk}/used/",
                           {"session": mine.pk}, follow=True)
    assert "al gekoppeld" in response.content.decode()
    # Another counsellor's session is not one of the choices.
    client.post(f"/community/materials/{world.material.pk}/used/", {"session": theirs.pk})
    assert MaterialUse.objects.count() == 1
