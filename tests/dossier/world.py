"""Dossiers in the shared test world: Sanne's (a file and a link), a team mate's, a shared one
of Sanne's, and one in college B."""

from tests.factories.portal_parts import file_evidence, reflection


def extend(w):
    w.reflection = reflection(w.student)
    w.evidence = file_evidence(w.reflection)
    w.shared_reflection = reflection(w.student, competency="motives", text="Gedeeld", shared=True)
    w.shared_evidence = file_evidence(w.shared_reflection)
    w.team_reflection = reflection(w.team_student)
    w.team_evidence = file_evidence(w.team_reflection)
    w.foreign_reflection = reflection(w.foreign_student)
    w.foreign_evidence = file_evidence(w.foreign_reflection)
