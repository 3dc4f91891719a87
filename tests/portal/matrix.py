"""The portal's pages × every persona. Staff get 403 on every portal page; a portal account
opens only its own student's objects (another student's, or another college's: 404)."""

from django.utils import timezone

from tests.matrix import Case, expect
from tests.portal.world import add_actiepunten

STUDENT_PAGE = expect(403, student=200)


def _actiepunt(attribute):
    """The done URL of an actiepunt, made on first use (tests/portal/world.py)."""

    def path(world):
        add_actiepunten(world)
        return f"/portal/actiepunten/{getattr(world, attribute).pk}/done/"

    return path


def _grant(world, persona):
    world.guardian.access_granted_at = timezone.now()
    world.guardian.save(update_fields=["access_granted_at"])


CASES = [
    Case("portal:actiepunt_done", _actiepunt("actiepunt"),
         expect(403, student=302), method="post", data={"note": "gedaan"}),
    Case("portal:actiepunt_done", _actiepunt("team_session_actiepunt"),
         expect(403, student=404), method="post", label="post:portal:actiepunt_done:other"),
    Case("portal:actiepunt_done", _actiepunt("foreign_actiepunt"),
         expect(403, student=404), method="post",
         label="post:portal:actiepunt_done:other-college"),
    Case("portal:lec_contact", lambda w: "/portal/lec/", STUDENT_PAGE),
    Case("portal:lec_contact", lambda w: "/portal/lec/", STUDENT_PAGE, method="post",
         data={"message": "Ik wil praten", "share_with_counsellor": ""}),
    Case("portal:guardians", lambda w: "/portal/parents/", STUDENT_PAGE),
    Case("portal:guardian_access", lambda w: f"/portal/parents/{w.guardian.pk}/access/",
         expect(403, student=302), method="post", data={"action": "grant"}),
    Case("portal:guardian_access", lambda w: f"/portal/parents/{w.other_guardian.pk}/access/",
         expect(403, student=404), method="post", data={"action": "grant"},
         label="post:portal:guardian_access:other"),
    Case("portal:guardian_access",
         lambda w: f"/portal/parents/{w.foreign_guardian.pk}/access/",
         expect(403, student=404), method="post", data={"action": "grant"},
         label="post:portal:guardian_access:other-college"),
    Case("portal:my_data", lambda w: "/portal/my-data/", STUDENT_PAGE),
    Case("portal:password", lambda w: "/portal/password/", expect(403, student=200,
                                                                   guardian=200)),
    # Sanne is 19: her parent sees her only once she allows it.
    Case("portal:child", lambda w: f"/portal/child/{w.student.pk}/",
         expect(403, student=403, guardian=404), label="get:portal:child:adult-no-consent"),
    Case("portal:child", lambda w: f"/portal/child/{w.student.pk}/",
         expect(403, student=403, guardian=200), setup=_grant),
    Case("portal:child", lambda w: f"/portal/child/{w.team_student.pk}/",
         expect(403, guardian=404), setup=_grant, label="get:portal:child:other"),
    Case("portal:child", lambda w: f"/portal/child/{w.foreign_student.pk}/",
         expect(403, guardian=404), setup=_grant, label="get:portal:child:other-college"),
]
