"""Objects of the portal in the shared test world: actiepunten of Sanne (the student persona),
of a team mate and of a student in college Noord, and guardian rows of all three."""

from students.models import Guardian
from tests.factories.students import FollowUpFactory


def extend(w):
    w.actiepunt = FollowUpFactory(session=w.session, student=w.student, owner=w.counsellor,
                                  description="Open dag bezoeken", student_owned=True)
    w.team_session_actiepunt = FollowUpFactory(
        session=w.other_session, student=w.other_team_student, owner=w.outsider,
        student_owned=True)
    w.foreign_actiepunt = FollowUpFactory(session=w.foreign_session, student=w.foreign_student,
                                          owner=w.foreign, student_owned=True)
    w.guardian = Guardian.objects.get(student=w.student, account=w.guardian_account)
    w.other_guardian = Guardian.objects.create(student=w.other_team_student, last_name="Jansen")
    w.foreign_guardian = Guardian.objects.create(student=w.foreign_student, last_name="Bakker")
